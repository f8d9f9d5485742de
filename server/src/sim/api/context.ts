/** What every API handler needs: the store, the sim clock, the optional node runtime, auth, logging. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { PodRuntime } from "../runtime.js";
import type { ObjectStore } from "../store/types.js";
import type { TokenAuthenticator } from "../auth/authn.js";
import type { Identity } from "../auth/rbac.js";
import type { ResourceDef } from "../resources/registry.js";
import type { ResourceRequestInfo } from "./request-info.js";
import type { OpenApiV3 } from "./openapi.js";
import type { RbacCache } from "./rbac-cache.js";

export interface ApiContext {
  store: ObjectStore;
  /** Simulated cluster time: ages, timestamps. HTTP timeouts use real time. */
  clock: Clock;
  /** Attached by the kubelet; without it logs/exec/proxy are answered from stored objects alone. */
  runtime?: PodRuntime;
  authn: TokenAuthenticator;
  logger: Logger;
  openapi: OpenApiV3;
  rbac: RbacCache;
  /** host:port clients use, for legacy discovery's serverAddressByClientCIDRs. */
  serverAddress(): string;
}

/** One resource request after authentication, authorization and path parsing. */
export interface ResourceCall {
  ctx: ApiContext;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: ResourceRequestInfo;
  def: ResourceDef;
  identity: Identity;
}

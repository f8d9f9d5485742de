/**
 * The simulated kube-apiserver's HTTPS listener. TLS is required: kubectl sends no bearer token over
 * plain http. Binds loopback by default; the gateway is the only door players get.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { TlsMaterial } from "../core/tls.js";
import { adminIdentity, TokenAuthenticator } from "./auth/authn.js";
import type { Identity } from "./auth/rbac.js";
import type { ApiContext } from "./api/context.js";
import { buildOpenApiV3 } from "./api/openapi.js";
import { RbacCache } from "./api/rbac-cache.js";
import { createApiHandler } from "./api/router.js";
import type { PodRuntime } from "./runtime.js";
import type { ObjectStore } from "./store/types.js";

export const DEFAULT_SIM_HOST = "127.0.0.1";
/** Idle keep-alive sockets are closed after this long (kubectl reuses connections within a command). */
export const SIM_KEEP_ALIVE_TIMEOUT_MS = 30_000;

export interface SimApiServerOptions {
  store: ObjectStore;
  clock: Clock;
  runtime?: PodRuntime;
  tls: Pick<TlsMaterial, "certPem" | "keyPem">;
  /** Bearer tokens that authenticate as system:admin (group system:masters). */
  adminTokens: string[];
  logger: Logger;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface SimApiServer {
  /** `https://127.0.0.1:<port>` once listening. */
  readonly url: string;
  readonly port: number;
  listen(): Promise<void>;
  close(): Promise<void>;
  /** Attach (or replace) the node runtime serving logs/exec/proxy. */
  setRuntime(runtime: PodRuntime | undefined): void;
  /** Register another bearer token, e.g. a ServiceAccount token for an in-cluster client. */
  addToken(token: string, identity: Identity): void;
}

export function createSimApiServer(options: SimApiServerOptions): SimApiServer {
  const host = options.host ?? DEFAULT_SIM_HOST;
  const authn = new TokenAuthenticator();
  for (const t of options.adminTokens) authn.add(t, adminIdentity());
  const rbac = new RbacCache(options.store);
  let port = options.port ?? 0;
  const ctx: ApiContext = {
    store: options.store,
    clock: options.clock,
    runtime: options.runtime,
    authn,
    logger: options.logger,
    openapi: buildOpenApiV3(),
    rbac,
    serverAddress: () => `${host}:${port}`,
  };
  const handler = createApiHandler(ctx);
  const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem, keepAliveTimeout: SIM_KEEP_ALIVE_TIMEOUT_MS }, handler.handleRequest);
  server.on("upgrade", handler.handleUpgrade);
  server.on("tlsClientError", (err) => options.logger.debug({ err: err.message }, "sim api TLS handshake failed"));
  const sockets = new Set<Socket>();
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  return {
    get url() {
      return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
    },
    get port() {
      return port;
    },
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          port = (server.address() as AddressInfo).port;
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        rbac.stop();
        server.close(() => resolve());
        // watches and follows never end on their own
        for (const s of sockets) s.destroy();
      }),
    setRuntime(runtime) {
      ctx.runtime = runtime;
    },
    addToken(token, identity) {
      authn.add(token, identity);
    },
  };
}

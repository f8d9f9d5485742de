/**
 * A thin layer over client-node's KubernetesObjectApi: it keeps client-node's config, TLS and auth
 * handling and its discovery-backed URL building, and adds the raw request the generic API lacks
 * (JSON patches, subresources such as /scale, service proxy GETs).
 */
import { ApiException, KubernetesObjectApi, KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { HttpMethod, type RequestContext } from "@kubernetes/client-node";
import { performance } from "node:perf_hooks";
import { Limiter } from "./limiter.js";

/** Requests in flight to the API server at once (watches excluded); see limiter.ts. */
export const MAX_CONCURRENT_REQUESTS = 16;
/** How long authentication headers are reused before client-node is asked again. */
export const AUTH_REFRESH_MS = 30_000;

export interface RawResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

export interface ObjectHeader {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "KubeApiError";
  }
}

/** HTTP status of a client-node or raw API failure; undefined for transport errors. */
export function errorStatus(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.status;
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown; statusCode?: unknown })?.statusCode ?? (err as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

export class ObjectClient extends KubernetesObjectApi {
  private readonly limiter = new Limiter(MAX_CONCURRENT_REQUESTS);
  private auth: { at: number; headers: Record<string, string>; dispatcher: ReturnType<RequestContext["getDispatcher"]> } | undefined;
  private authInFlight: Promise<NonNullable<ObjectClient["auth"]>> | undefined;
  /** One discovery request per group-version/kind, however many callers ask at once. */
  private readonly discovery = new Map<string, Promise<unknown>>();

  static override makeApiClient(kc: KubeConfig): ObjectClient {
    const base = KubernetesObjectApi.makeApiClient(kc);
    const client = new ObjectClient((base as unknown as { configuration: ConstructorParameters<typeof KubernetesObjectApi>[0] }).configuration);
    client.setDefaultNamespace(kc);
    return client;
  }

  /** The resource URL for an object (discovery-backed, cached per group-version). */
  async objectPath(header: ObjectHeader, action: "read" | "patch" | "delete" | "create" | "list" = "read"): Promise<string> {
    const key = `${header.apiVersion}/${header.kind}`;
    let found = this.discovery.get(key);
    if (!found) {
      found = this.limiter.run(() => this.resource(header.apiVersion, header.kind));
      this.discovery.set(key, found);
      found.catch(() => this.discovery.delete(key));
    }
    await found;
    return this.specUriPath({ ...header, metadata: { ...header.metadata } } as KubernetesObject, action);
  }

  /** POST an object to its collection; returns the created object. */
  async createObject<T extends KubernetesObject>(obj: T, fieldManager: string): Promise<T> {
    const path = await this.objectPath(obj as ObjectHeader, "create");
    return this.json<T>("POST", path, { body: obj, query: { fieldManager } });
  }

  /** GET a collection, optionally filtered by labels. */
  async listObjects<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string, labelSelector?: string): Promise<T[]> {
    const path = await this.objectPath({ apiVersion, kind, metadata: { name: "", namespace: namespace || undefined } }, "list");
    const list = await this.json<{ items?: T[] }>("GET", path, { query: labelSelector ? { labelSelector } : {} });
    return list.items ?? [];
  }

  /** Sends one request through client-node's transport (auth, TLS, middleware). */
  async raw(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    opts: { body?: unknown; contentType?: string; accept?: string; query?: Record<string, string> } = {},
  ): Promise<RawResponse> {
    return this.limiter.run(() => this.send(method, path, opts));
  }

  private async send(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    opts: { body?: unknown; contentType?: string; accept?: string; query?: Record<string, string> },
  ): Promise<RawResponse> {
    const cfg = this.configuration;
    const ctx: RequestContext = cfg.baseServer.makeRequestContext(path, HttpMethod[method]);
    ctx.setHeaderParam("Accept", opts.accept ?? "application/json");
    for (const [k, v] of Object.entries(opts.query ?? {})) ctx.setQueryParam(k, v);
    if (opts.body !== undefined) {
      ctx.setHeaderParam("Content-Type", opts.contentType ?? "application/json");
      ctx.setBody(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body));
    }
    const auth = await this.authentication();
    for (const [k, v] of Object.entries(auth.headers)) ctx.setHeaderParam(k, v);
    if (auth.dispatcher) ctx.setDispatcher(auth.dispatcher);
    const res = await cfg.httpApi.send(ctx).toPromise();
    const text = (await res.body.text()) ?? "";
    return { status: res.httpStatusCode, text, headers: res.headers };
  }

  /**
   * The credential headers and TLS dispatcher for requests, refreshed every AUTH_REFRESH_MS.
   * client-node 2.0.1 builds a new undici Agent on every authentication, so nothing is kept alive
   * and every call pays a TLS handshake (measured: 26 ms vs 1.7 ms per GET against the sim).
   * Authenticating once and reusing the dispatcher keeps connections alive; the refresh picks up
   * rotated tokens (in-cluster ServiceAccount token files, exec plugins).
   */
  private async authentication(): Promise<NonNullable<ObjectClient["auth"]>> {
    if (this.auth && performance.now() - this.auth.at < AUTH_REFRESH_MS) return this.auth;
    this.authInFlight ??= (async () => {
      const scratch = this.configuration.baseServer.makeRequestContext("/", HttpMethod.GET);
      await this.configuration.authMethods.default?.applySecurityAuthentication(scratch);
      const headers = { ...scratch.getHeaders() };
      delete headers["Accept"];
      const previous = this.auth?.dispatcher;
      const dispatcher = previous ?? scratch.getDispatcher();
      if (previous && scratch.getDispatcher() && scratch.getDispatcher() !== previous) {
        void (scratch.getDispatcher() as { close?: () => Promise<void> }).close?.().catch(() => {});
      }
      this.auth = { at: performance.now(), headers, dispatcher };
      return this.auth;
    })().finally(() => (this.authInFlight = undefined));
    return this.authInFlight;
  }

  /** Like {@link raw}, but JSON in and out, throwing {@link KubeApiError} on a non-2xx. */
  async json<T = unknown>(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    opts: { body?: unknown; contentType?: string; query?: Record<string, string> } = {},
  ): Promise<T> {
    const res = await this.raw(method, path, opts);
    if (res.status < 200 || res.status >= 300) throw toApiError(res, `${method} ${path}`);
    return (res.text ? JSON.parse(res.text) : {}) as T;
  }
}

export function toApiError(res: RawResponse, what: string): KubeApiError {
  let reason = "";
  let message = res.text.slice(0, 500);
  try {
    const s = JSON.parse(res.text) as { reason?: string; message?: string };
    reason = s.reason ?? "";
    message = s.message ?? message;
  } catch {
    // not a Status body
  }
  return new KubeApiError(res.status, reason, `${what}: ${res.status} ${reason ? reason + ": " : ""}${message}`);
}

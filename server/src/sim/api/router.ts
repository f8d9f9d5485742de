/**
 * The request pipeline of the simulated kube-apiserver: authenticate (bearer token) → impersonate →
 * parse the path → authorize (RBAC) → dispatch to discovery, OpenAPI, CRUD, watch or a subresource.
 * Every failure becomes a Kubernetes Status.
 */
import type { IncomingMessage } from "node:http";
import { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { authorize, forbiddenStatusMessage, SYSTEM_MASTERS, type Identity, type RequestAttributes } from "../auth/rbac.js";
import { impersonate } from "../auth/authn.js";
import { findSubresource, type ResourceDef } from "../resources/registry.js";
import type { ApiContext, ResourceCall } from "./context.js";
import { handleCreate, handleDelete, handleDeleteCollection, handleEviction, handleGet, handleList, handlePatch, handleUpdate } from "./crud.js";
import { aggregatedContentType, aggregatedDiscovery, apiGroupDoc, apiResourceList, legacyApiGroupList, legacyApiVersions, negotiateAggregated } from "./discovery.js";
import { handleExec, type Upgrade } from "./exec.js";
import { sendJson, sendStatus, toStatus } from "./http-io.js";
import { handleLogs } from "./logs.js";
import { handleProxy } from "./proxy.js";
import { parseRequestInfo, type NonResourceRequestInfo, type ResourceRequestInfo } from "./request-info.js";
import { handleReview } from "./reviews.js";
import { handleGetScale, handleWriteScale } from "./scale.js";
import { ApiError, badRequest, forbidden, methodNotAllowed, notFoundPath, unauthorized } from "./status.js";
import { handleWatch } from "./watch.js";

/** What `/version` reports; `minor` must be "32" so the kubectl dispatcher runs its 1.32 client. */
export const SIM_VERSION_INFO = {
  major: "1",
  minor: "32",
  emulationMajor: "1",
  emulationMinor: "32",
  minCompatibilityMajor: "1",
  minCompatibilityMinor: "31",
  gitVersion: "v1.32.4-firedrill",
  gitCommit: "59526cd4867447956156ae3a602fcbac5fd1a6c8",
  gitTreeState: "clean",
  buildDate: "2025-04-22T16:00:00Z",
  goVersion: "go1.23.6",
  compiler: "gc",
  platform: "linux/amd64",
};

/** Paths anonymous callers may read (kube's system:public-info-viewer). */
const PUBLIC_PATHS = new Set(["/version", "/version/", "/healthz", "/livez", "/readyz"]);
const ANONYMOUS: Identity = { username: "system:anonymous", groups: ["system:unauthenticated"] };

function header(req: IncomingMessage, name: string): string[] {
  const v = req.headersDistinct?.[name];
  return v ? v.flatMap((x) => x.split(",").map((s) => s.trim())).filter(Boolean) : [];
}

function attributesOf(info: ResourceRequestInfo | NonResourceRequestInfo): RequestAttributes {
  if (!info.resourceRequest) return { verb: info.verb, resourceRequest: false, path: info.path };
  return {
    verb: info.verb,
    resourceRequest: true,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource || undefined,
    namespace: info.namespace || undefined,
    name: info.name || undefined,
  };
}

export function createApiHandler(ctx: ApiContext) {
  async function authenticate(req: IncomingMessage, path: string): Promise<Identity> {
    const authz = req.headers.authorization;
    let identity = ctx.authn.authenticate(authz);
    if (!identity) {
      if (!authz && PUBLIC_PATHS.has(path)) identity = ANONYMOUS;
      else throw unauthorized();
    }
    const user = req.headers["impersonate-user"];
    const groups = header(req, "impersonate-group");
    const uid = req.headers["impersonate-uid"];
    if (user || groups.length || uid) {
      const result = impersonate(identity, { user: typeof user === "string" ? user : undefined, groups, uid: typeof uid === "string" ? uid : undefined }, ctx.rbac.objects());
      if ("forbidden" in result) throw forbidden(result.forbidden);
      if ("badRequest" in result) throw badRequest(result.badRequest);
      identity = result.identity;
    }
    return identity;
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, upgrade?: Upgrade): Promise<void> {
    const url = new URL(req.url ?? "/", "https://sim.invalid");
    const path = url.pathname;
    const query = url.searchParams;
    const identity = await authenticate(req, path);
    const info = parseRequestInfo(req.method ?? "GET", path, query);
    if (!identity.groups.includes(SYSTEM_MASTERS)) {
      const attrs = attributesOf(info);
      const decision = authorize(identity, attrs, ctx.rbac.objects());
      if (!decision.allowed) {
        const details = info.resourceRequest ? { name: info.name || undefined, group: info.apiGroup || undefined, kind: info.resource } : undefined;
        throw forbidden(forbiddenStatusMessage(identity, attrs), details);
      }
    }
    if (!info.resourceRequest) {
      nonResource(req, res, path, query);
      return;
    }
    await resource({ ctx, req, res, query, info, def: undefined as unknown as ResourceDef, identity }, upgrade);
  }

  function nonResource(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(req.method ?? "", path);
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    if (trimmed === "/version") return sendJson(res, 200, SIM_VERSION_INFO);
    if (["/healthz", "/livez", "/readyz"].includes(trimmed) || /^\/(healthz|livez|readyz)\/[a-z-]+$/.test(trimmed)) {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
      res.end("ok");
      return;
    }
    if (trimmed === "/api" || trimmed === "/apis") {
      const v = negotiateAggregated(req.headers.accept);
      const legacy = trimmed === "/api";
      if (v) return sendJson(res, 200, aggregatedDiscovery(legacy, v), aggregatedContentType(v));
      return sendJson(res, 200, legacy ? legacyApiVersions(ctx.serverAddress()) : legacyApiGroupList());
    }
    const gv = /^\/api\/(v1)$/.exec(trimmed) ?? /^\/apis\/([^/]+)\/([^/]+)$/.exec(trimmed);
    if (gv) {
      const list = trimmed.startsWith("/api/") ? apiResourceList("", gv[1]!) : apiResourceList(gv[1]!, gv[2]!);
      if (list) return sendJson(res, 200, list);
      throw notFoundPath();
    }
    const group = /^\/apis\/([^/]+)$/.exec(trimmed);
    if (group) {
      const doc = apiGroupDoc(group[1]!);
      if (doc) return sendJson(res, 200, doc);
      throw notFoundPath();
    }
    if (trimmed === "/openapi/v3") return sendJson(res, 200, ctx.openapi.index);
    if (trimmed.startsWith("/openapi/v3/")) {
      const doc = ctx.openapi.documents.get(trimmed.slice("/openapi/v3/".length));
      if (!doc) throw notFoundPath();
      const immutable = query.get("hash") === doc.hash;
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(doc.body),
        "Cache-Control": immutable ? "public, immutable" : "no-cache, private",
        Etag: `"${doc.hash}"`,
      });
      res.end(doc.body);
      return;
    }
    throw notFoundPath();
  }

  async function resource(call: ResourceCall, upgrade?: Upgrade): Promise<void> {
    const { info } = call as { info: ResourceRequestInfo };
    const def = info.def;
    if (!def) throw notFoundPath();
    call.def = def;
    const clusterScopedPathHasNamespace = !def.namespaced && info.namespace !== "" && def.resource !== "namespaces";
    const namespacedNeedsNamespace = def.namespaced && !info.namespace && !["list", "watch", "deletecollection"].includes(info.verb);
    if (clusterScopedPathHasNamespace || namespacedNeedsNamespace) throw notFoundPath();
    if (def.resource === "namespaces") info.namespace = "";
    const verb = info.verb;

    if (def.virtual) {
      if (verb !== "create" || info.subresource) throw methodNotAllowed(verb, def.resource);
      return handleReview(call);
    }
    if (info.subresource) {
      if (!info.name || !findSubresource(def, info.subresource)) throw notFoundPath();
      return subresource(call, upgrade);
    }
    if (!def.verbs.includes(verb)) throw methodNotAllowed(verb, def.resource);
    switch (verb) {
      case "get":
        return handleGet(call);
      case "list":
        return handleList(call);
      case "watch":
        return handleWatch(call);
      case "create":
        if (info.name) throw methodNotAllowed(verb, def.resource);
        return handleCreate(call);
      case "update":
        return handleUpdate(call);
      case "patch":
        return handlePatch(call);
      case "delete":
        return handleDelete(call);
      case "deletecollection":
        return handleDeleteCollection(call);
      default:
        throw methodNotAllowed(verb, def.resource);
    }
  }

  async function subresource(call: ResourceCall, upgrade?: Upgrade): Promise<void> {
    const { info } = call;
    const verb = info.verb;
    switch (info.subresource) {
      case "status":
        if (verb === "get") return handleGet(call);
        if (verb === "update") return handleUpdate(call, "status");
        if (verb === "patch") return handlePatch(call, "status");
        break;
      case "scale":
        if (verb === "get") return handleGetScale(call);
        if (verb === "update") return handleWriteScale(call, false);
        if (verb === "patch") return handleWriteScale(call, true);
        break;
      case "log":
        if (verb === "get") return handleLogs(call);
        break;
      case "exec":
        if (verb === "get" || verb === "create") return handleExec(call, upgrade);
        break;
      case "proxy":
        return handleProxy(call);
      case "eviction":
        if (verb === "create") return handleEviction(call);
        break;
    }
    throw methodNotAllowed(verb, `${info.resource}/${info.subresource}`);
  }

  async function run(req: IncomingMessage, res: ServerResponse, upgrade?: Upgrade): Promise<void> {
    const started = performance.now();
    try {
      await dispatch(req, res, upgrade);
    } catch (err) {
      const status = toStatus(err);
      if (status.code >= 500) ctx.logger.error({ err, method: req.method, url: req.url }, "sim api internal error");
      sendStatus(res, status);
    } finally {
      if (ctx.logger.isLevelEnabled("debug")) {
        res.once("finish", () =>
          ctx.logger.debug({ method: req.method, url: req.url, code: res.statusCode, ms: Math.round(performance.now() - started) }, "sim api request"),
        );
      }
    }
  }

  return {
    handleRequest(req: IncomingMessage, res: ServerResponse): void {
      void run(req, res);
    },
    /** Upgrade requests (WebSocket exec, SPDY): errors go back as ordinary HTTP Status responses. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const res = new ServerResponse(req);
      res.assignSocket(socket as never);
      res.shouldKeepAlive = false;
      res.once("finish", () => {
        res.detachSocket(socket as never);
        socket.end();
      });
      socket.on("error", () => socket.destroy());
      void run(req, res, { socket, head });
    },
  };
}

export type ApiHandler = ReturnType<typeof createApiHandler>;
export { ApiError };

/**
 * Turns an API server request (method, path, query, headers) into the attributes Kubernetes itself
 * derives for authorization (k8s.io/apiserver RequestInfo): verb, group/version, resource,
 * subresource, namespace and name. Pure: the gateway scopes and records with it.
 */
import type { IncomingHttpHeaders } from "node:http";

export type KubeVerb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection"
  | "connect";

export interface ParsedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/namespaces/ns/pods/p/log`. */
  path: string;
  /** A Kubernetes API verb, or a lower-case HTTP method for non-resource paths. */
  verb: KubeVerb | string;
  /** True for paths that are not API resources: discovery, version, openapi, health. */
  isResourceRequest: boolean;
  /** Discovery and metadata endpoints kubectl needs before anything else works. */
  isDiscovery: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** "" when the request has no namespace in its path (cluster-scoped or all namespaces). */
  namespace: string;
  /** Object name; for list/watch taken from a `metadata.name=` field selector, as Kubernetes does. */
  name: string;
  /** Rest of the path after a `proxy` subresource (e.g. `/api/tasks`). */
  proxyPath: string;
  labelSelector: string;
  fieldSelector: string;
  /** Impersonation headers the client sent (kubectl `--as`, `--as-group`, `--as-uid`). */
  impersonation: string[];
  /** Protocol upgrade requested (WebSocket or SPDY), used by exec/attach/port-forward. */
  upgrade: string;
  kubectlCommand: string;
  kubectlSession: string;
}

/** Subresources whose verb is `connect` (streaming, not object CRUD). */
export const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(["exec", "attach", "portforward", "proxy"]);

/** Namespace object subresources: `/api/v1/namespaces/<ns>/status` is not a resource named "status". */
const NAMESPACE_SUBRESOURCES: ReadonlySet<string> = new Set(["status", "finalize"]);

const DISCOVERY_PREFIXES = ["/openapi/", "/version/"];
const DISCOVERY_PATHS: ReadonlySet<string> = new Set([
  "/version",
  "/api",
  "/apis",
  "/openapi",
  "/healthz",
  "/livez",
  "/readyz",
]);

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : (v ?? "");
}

function isTruthyFlag(v: string | null): boolean {
  return v === "true" || v === "1";
}

/** The name from a `metadata.name=X` / `metadata.name==X` term of a field selector, if any. */
export function nameFromFieldSelector(selector: string): string {
  for (const term of selector.split(",")) {
    const m = /^\s*metadata\.name\s*==?\s*(.+?)\s*$/.exec(term);
    if (m) return m[1];
  }
  return "";
}

function splitSegments(path: string): string[] | null {
  const parts: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    parts.push(seg);
  }
  return parts;
}

export function parseRequest(method: string, url: string, headers: IncomingHttpHeaders = {}): ParsedRequest {
  // Not `new URL(url, base)`: a path starting with "//" would be read as a host name.
  const q = url.indexOf("?");
  const path = ("/" + (q >= 0 ? url.slice(0, q) : url)).replace(/\/{2,}/g, "/");
  const query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : "");
  const impersonation = Object.keys(headers)
    .filter((h) => h.toLowerCase().startsWith("impersonate-"))
    .sort();
  const base: ParsedRequest = {
    method: method.toUpperCase(),
    path,
    verb: method.toLowerCase(),
    isResourceRequest: false,
    isDiscovery: false,
    apiGroup: "",
    apiVersion: "",
    resource: "",
    subresource: "",
    namespace: "",
    name: "",
    proxyPath: "",
    labelSelector: query.get("labelSelector") ?? "",
    fieldSelector: query.get("fieldSelector") ?? "",
    impersonation,
    upgrade: header(headers, "upgrade"),
    kubectlCommand: header(headers, "kubectl-command"),
    kubectlSession: header(headers, "kubectl-session"),
  };

  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (DISCOVERY_PATHS.has(trimmed) || DISCOVERY_PREFIXES.some((p) => trimmed.startsWith(p))) {
    return { ...base, isDiscovery: true };
  }

  const segs = splitSegments(path);
  if (!segs || segs.length === 0) return base;

  let rest: string[];
  if (segs[0] === "api") {
    if (segs.length < 2) return { ...base, isDiscovery: true };
    base.apiVersion = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === "apis") {
    if (segs.length < 3) return { ...base, isDiscovery: true, apiGroup: segs[1] ?? "" };
    base.apiGroup = segs[1];
    base.apiVersion = segs[2];
    rest = segs.slice(3);
  } else {
    return base; // unknown non-resource path (e.g. /logs, /metrics): not discovery, not a resource
  }
  // `/api/v1` and `/apis/<g>/<v>` are the per-group-version resource lists (legacy discovery).
  if (rest.length === 0) return { ...base, isDiscovery: true };

  const r: ParsedRequest = { ...base, isResourceRequest: true };
  let isWatch = isTruthyFlag(query.get("watch"));
  // Deprecated `/api/v1/watch/...` form.
  if (rest[0] === "watch") {
    isWatch = true;
    rest = rest.slice(1);
  }

  if (rest[0] === "namespaces" && rest.length > 1) {
    r.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  r.resource = rest[0] ?? "";
  r.name = rest[1] ?? "";
  r.subresource = rest[2] ?? "";
  if (rest.length > 3) {
    // only proxy subresources carry a trailing path; anything else is a malformed path, kept for the record
    r.proxyPath = "/" + rest.slice(3).join("/");
  }

  switch (r.method) {
    case "GET":
    case "HEAD":
      r.verb = r.name ? "get" : isWatch ? "watch" : "list";
      break;
    case "POST":
      r.verb = "create";
      break;
    case "PUT":
      r.verb = "update";
      break;
    case "PATCH":
      r.verb = "patch";
      break;
    case "DELETE":
      r.verb = r.name ? "delete" : "deletecollection";
      break;
    default:
      r.verb = r.method.toLowerCase();
  }
  if (r.name && isWatch && r.verb === "get") r.verb = "watch";
  if (r.subresource && CONNECT_SUBRESOURCES.has(r.subresource)) r.verb = "connect";
  if (!r.name && (r.verb === "list" || r.verb === "watch")) r.name = nameFromFieldSelector(r.fieldSelector);
  return r;
}

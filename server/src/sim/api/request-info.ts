/**
 * Parses an API path into kube-apiserver's RequestInfo (verb, group, version, resource, subresource,
 * namespace, name), which drives routing and RBAC. Pure.
 */
import { findResource, type ResourceDef } from "../resources/registry.js";

export interface ResourceRequestInfo {
  resourceRequest: true;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** Path after `/proxy` for proxy subresources. */
  proxyPath: string;
  def?: ResourceDef;
  path: string;
}

export interface NonResourceRequestInfo {
  resourceRequest: false;
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const METHOD_VERBS: Record<string, string> = { POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete", GET: "get", HEAD: "get" };
/** Subresources of namespaces that live under /namespaces/<name>/<sub> rather than being resources. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const nonResource = (): NonResourceRequestInfo => ({ resourceRequest: false, verb: (METHOD_VERBS[method] ?? method.toLowerCase()), path: pathname });
  const parts = pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
  let group = "";
  let version = "";
  let rest: string[];
  if (parts[0] === "api") {
    if (parts.length < 3) return nonResource();
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis") {
    if (parts.length < 4) return nonResource();
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return nonResource();
  }

  let namespace = "";
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const resource = rest[0] ?? "";
  const name = rest[1] ?? "";
  const subresource = rest[2] ?? "";
  const proxyPath = subresource === "proxy" ? "/" + rest.slice(3).join("/") + (pathname.endsWith("/") && rest.length > 3 ? "/" : "") : "";

  let verb = METHOD_VERBS[method] ?? method.toLowerCase();
  if (method === "GET" || method === "HEAD") {
    if (!name) verb = isWatch(query) ? "watch" : "list";
    else if (isWatch(query)) verb = "watch";
  } else if (method === "DELETE" && !name) {
    verb = "deletecollection";
  }
  return {
    resourceRequest: true,
    verb,
    apiGroup: group,
    apiVersion: version,
    resource,
    subresource,
    namespace,
    name,
    proxyPath,
    def: findResource(group, version, resource),
    path: pathname,
  };
}

export function isWatch(query: URLSearchParams): boolean {
  const w = query.get("watch");
  return w === "true" || w === "1";
}

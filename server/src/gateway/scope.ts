/**
 * The gateway's first line of isolation: what a team may even ask the API server. Pure.
 * The API server's RBAC (for the impersonated `player` ServiceAccount) is the second line.
 */
import type { ParsedRequest } from "./parse-request.js";
import { forbiddenStatus, type KubeStatus } from "./status.js";

export interface GatewayTeam {
  teamId: string;
  /** Display name, used in deny messages. */
  name: string;
  namespace: string;
  gameCode: string;
}

/** How the proxy must post-process an allowed response. */
export type ResponseFilter = "none" | "own-namespace";

export type ScopeDecision =
  | { allowed: true; filter: ResponseFilter }
  | { allowed: false; reason: ScopeDenyReason; status: KubeStatus };

export type ScopeDenyReason =
  | "impersonation"
  | "other-namespace"
  | "all-namespaces"
  | "missing-namespace"
  | "cluster-scoped-write"
  | "cluster-scoped-resource"
  | "namespace-write"
  | "non-resource";

/**
 * Resources that exist only at cluster scope (so a path without a namespace is not an
 * all-namespaces request). Unknown resources are treated as namespaced, the safe default.
 */
export const CLUSTER_SCOPED_RESOURCES: ReadonlySet<string> = new Set([
  "namespaces",
  "nodes",
  "persistentvolumes",
  "componentstatuses",
  "storageclasses",
  "csidrivers",
  "csinodes",
  "volumeattachments",
  "ingressclasses",
  "runtimeclasses",
  "priorityclasses",
  "clusterroles",
  "clusterrolebindings",
  "customresourcedefinitions",
  "apiservices",
  "mutatingwebhookconfigurations",
  "validatingwebhookconfigurations",
  "validatingadmissionpolicies",
  "validatingadmissionpolicybindings",
  "certificatesigningrequests",
  "flowschemas",
  "prioritylevelconfigurations",
  "tokenreviews",
  "subjectaccessreviews",
  "selfsubjectaccessreviews",
  "selfsubjectrulesreviews",
  "selfsubjectreviews",
]);

/** Cluster-scoped kinds a player may read (scheduling and storage problems need them). */
export const CLUSTER_READABLE_RESOURCES: ReadonlySet<string> = new Set([
  "nodes",
  "storageclasses",
  "ingressclasses",
  "runtimeclasses",
  "priorityclasses",
  "persistentvolumes",
]);

/**
 * Cluster-scoped "create" calls that only ask about the caller itself (`kubectl auth can-i`,
 * `auth whoami`); the API server answers them for the impersonated player.
 */
export const SELF_REVIEW_RESOURCES: ReadonlySet<string> = new Set([
  "selfsubjectaccessreviews",
  "selfsubjectrulesreviews",
  "selfsubjectreviews",
]);

const READ_VERBS: ReadonlySet<string> = new Set(["get", "list", "watch"]);

/** `deployments.apps`, `pods`: the way Kubernetes names a resource in messages. */
export function qualifiedResource(p: Pick<ParsedRequest, "resource" | "apiGroup">): string {
  return p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource;
}

function deny(p: ParsedRequest, reason: ScopeDenyReason, why: string, nameOverride?: string): ScopeDecision {
  const name = nameOverride ?? p.name;
  const what = p.resource ? qualifiedResource(p) + (name ? ` "${name}"` : "") : `path "${p.path}"`;
  const details = p.resource
    ? { ...(name ? { name } : {}), ...(p.apiGroup ? { group: p.apiGroup } : {}), kind: p.resource }
    : undefined;
  return { allowed: false, reason, status: forbiddenStatus(`${what} is forbidden: ${why}`, details) };
}

export function scopeRequest(p: ParsedRequest, team: GatewayTeam): ScopeDecision {
  const only = `team "${team.name}" may only access namespace "${team.namespace}"`;

  if (!p.isResourceRequest) {
    // Discovery is served as the player whatever the client asked (impersonation headers are
    // stripped), so `--as` gets its clean 403 on the real request instead of a garbled
    // "couldn't get current server API group list".
    if (p.isDiscovery && (p.method === "GET" || p.method === "HEAD")) return { allowed: true, filter: "none" };
    return deny(p, "non-resource", `only API discovery is allowed outside namespace "${team.namespace}"`);
  }

  if (p.impersonation.length > 0) {
    return deny(p, "impersonation", `impersonation (${p.impersonation.join(", ")}) is not allowed through the Firedrill gateway`);
  }

  // The namespace object itself.
  if (p.resource === "namespaces" && (p.name || !p.namespace)) {
    const target = p.name || p.namespace;
    if (!target) {
      // list/watch of namespaces: allowed, but the proxy shows the team only its own
      if (p.verb === "list" || p.verb === "watch") return { allowed: true, filter: "own-namespace" };
      return deny(p, "cluster-scoped-write", `${only}; namespaces cannot be created or deleted`);
    }
    if (target !== team.namespace) return deny(p, "other-namespace", only, target);
    if (READ_VERBS.has(p.verb) && !p.subresource) {
      return { allowed: true, filter: p.verb === "watch" ? "own-namespace" : "none" };
    }
    return deny(p, "namespace-write", `team "${team.name}" may not modify its namespace object`, target);
  }

  if (p.namespace) {
    if (p.namespace !== team.namespace) {
      return deny(p, "other-namespace", `${only}, not "${p.namespace}"`);
    }
    return { allowed: true, filter: "none" };
  }

  // No namespace in the path.
  if (CLUSTER_SCOPED_RESOURCES.has(p.resource)) {
    if (SELF_REVIEW_RESOURCES.has(p.resource) && p.verb === "create") return { allowed: true, filter: "none" };
    if (READ_VERBS.has(p.verb)) {
      if (CLUSTER_READABLE_RESOURCES.has(p.resource) && !p.subresource) return { allowed: true, filter: "none" };
      return deny(p, "cluster-scoped-resource", `${only}; cluster-scoped ${qualifiedResource(p)} are not visible to teams`);
    }
    return deny(p, "cluster-scoped-write", `cluster-scoped writes are not allowed through the Firedrill gateway (${only})`);
  }
  if (READ_VERBS.has(p.verb) || p.verb === "deletecollection") {
    return deny(p, "all-namespaces", `${only}; requests across all namespaces (-A, --all-namespaces) are not allowed`);
  }
  return deny(p, "missing-namespace", `${only}; this request needs a namespace (use -n ${team.namespace})`);
}

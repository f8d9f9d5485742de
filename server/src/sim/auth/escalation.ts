/**
 * RBAC escalation prevention, as kube-apiserver's RBAC storage does it (pkg/registry/rbac): a
 * requester may create or update a Role/ClusterRole only if it already holds every permission the
 * role grants (or has `escalate` on it), and a RoleBinding/ClusterRoleBinding only if it has `bind`
 * on the referenced role or already holds every permission of that role. `system:masters` is exempt.
 * Pure functions: the API layer passes the identity, the objects and the RBAC state in.
 */
import { authorize, rulesFor, SYSTEM_MASTERS, type Identity, type PolicyRule, type RbacObjects } from "./rbac.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export type RbacResource = "roles" | "clusterroles" | "rolebindings" | "clusterrolebindings";
const RBAC_RESOURCES = new Set<string>(["roles", "clusterroles", "rolebindings", "clusterrolebindings"]);

/** What it takes to use an aggregationRule: everything (kube's `fullAuthority`). */
const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

export function isRbacResource(group: string, resource: string): resource is RbacResource {
  return group === RBAC_GROUP && RBAC_RESOURCES.has(resource);
}

// ------------------------------------------------------------------------------ coverage (upstream Covers)

/** Splits a rule into rules of one group, resource, verb and resource name (or one URL and verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  // non-resource URLs combine only with verbs
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const has = (set: readonly string[] | undefined, v: string) => !!set && set.includes(v);
const hasAll = (set: readonly string[] | undefined, wanted: readonly string[] | undefined) => (wanted ?? []).every((w) => has(set, w));

function resourcesCover(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (has(owner, "*") || hasAll(owner, wanted)) return true;
  for (const path of wanted ?? []) {
    if (has(owner, path)) continue;
    const slash = path.indexOf("/");
    // a plain resource is covered only by itself or "*"; a subresource also by "*/<subresource>"
    if (slash < 0 || !has(owner, `*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function urlCovers(owner: string, path: string): boolean {
  if (owner === path) return true;
  return owner.endsWith("*") && path.startsWith(owner.replace(/\*+$/, ""));
}

/** Whether one owner rule covers a broken-down rule (at most one verb, resource and name). */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, "*") || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, "*") || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourcesCover(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => urlCovers(o, p)));
  const ownerNames = owner.resourceNames ?? [];
  const names = sub.resourceNames?.length ? ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames) : ownerNames.length === 0;
  return verbs && groups && resources && names && urls;
}

/** The servant rules' pieces that no owner rule covers (empty: fully covered). */
export function uncoveredRules(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const servant of servantRules) {
    for (const sub of breakdownRule(servant)) if (!ownerRules.some((o) => ruleCovers(o, sub))) missing.push(sub);
  }
  return missing;
}

/** Upstream CompactRules: rules of one group and resource (and at most one name) merge their verbs. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...(existing.verbs ?? []), ...(r.verbs ?? [])];
    else simple.set(key, { ...r, verbs: [...(r.verbs ?? [])] });
  }
  return [...out, ...simple.values()];
}

/** Go's `%q` of a []string: `["a" "b"]`. */
function goQuotedList(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(" ")}]`;
}

/** Upstream CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuotedList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuotedList(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuotedList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuotedList(rule.resourceNames)}`);
  if (rule.verbs?.length) parts.push(`Verbs:${goQuotedList(rule.verbs)}`);
  return `{${parts.join(", ")}}`;
}

/** The reason ConfirmNoEscalation gives, or undefined when `held` covers `granted`. */
export function escalationReason(identity: Identity, held: readonly PolicyRule[], granted: readonly PolicyRule[]): string | undefined {
  const missing = uncoveredRules(held, granted);
  if (missing.length === 0) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  return `user ${JSON.stringify(identity.username)} (groups=${goQuotedList(identity.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join("\n")}`;
}

// ------------------------------------------------------------------------------ the storage checks

export interface RbacWrite {
  identity: Identity;
  resource: RbacResource;
  /** The request's namespace ("" or undefined for the cluster-scoped kinds). */
  namespace?: string;
  /** The name on the URL: empty for a create (POST to the collection), as upstream's RequestInfo. */
  requestName?: string;
  /** The object about to be stored, and the stored one for an update. */
  obj: Json;
  old?: Json;
  rbac: RbacObjects;
}

export type EscalationResult =
  | { allowed: true }
  | { forbidden: string; name: string }
  /** The binding's roleRef names a role that does not exist (upstream answers NotFound). */
  | { notFound: { resource: "roles" | "clusterroles"; name: string } };

const ALLOWED: EscalationResult = { allowed: true };

/** Only ownerReferences/finalizers change (what the garbage collector does): never an escalation. */
export function onlyMutatesGcFields(obj: Json, old: Json | undefined): boolean {
  if (!old) return false;
  const strip = (o: Json) => {
    const { metadata = {}, status: _status, ...rest } = o ?? {};
    const { ownerReferences: _o, finalizers: _f, managedFields: _m, resourceVersion: _rv, selfLink: _s, uid: _u, creationTimestamp: _c, generation: _g, ...meta } = metadata;
    return JSON.stringify(canonical({ ...rest, metadata: meta }));
  };
  return strip(obj) === strip(old);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function allows(identity: Identity, rbac: RbacObjects, verb: string, resource: string, namespace: string | undefined, name: string | undefined, apiGroup = RBAC_GROUP): boolean {
  return authorize(identity, { verb, resourceRequest: true, apiGroup, apiVersion: "*", resource, namespace: namespace || undefined, name: name || undefined }, rbac).allowed;
}

function roleRefRules(roleRef: Json, namespace: string | undefined, rbac: RbacObjects): PolicyRule[] | { resource: "roles" | "clusterroles"; name: string } {
  const name = String(roleRef?.name ?? "");
  if (roleRef?.kind === "ClusterRole") {
    const role = rbac.clusterRoles.find((r) => r.metadata?.name === name);
    return role ? (role.rules ?? []) : { resource: "clusterroles", name };
  }
  const role = rbac.roles.find((r) => r.metadata?.name === name && r.metadata?.namespace === namespace);
  return role ? (role.rules ?? []) : { resource: "roles", name };
}

/** Decides one create/update of an RBAC object the way kube-apiserver's RBAC storage does. */
export function checkRbacWrite(w: RbacWrite): EscalationResult {
  const { identity, rbac } = w;
  if (identity.groups.includes(SYSTEM_MASTERS)) return ALLOWED;
  if (w.old && onlyMutatesGcFields(w.obj, w.old)) return ALLOWED;
  const namespace = w.resource === "roles" || w.resource === "rolebindings" ? w.namespace || undefined : undefined;
  const name = String(w.obj?.metadata?.name ?? w.requestName ?? "");
  const held = () => rulesFor(identity, namespace, rbac);

  if (w.resource === "roles" || w.resource === "clusterroles") {
    if (allows(identity, rbac, "escalate", w.resource, namespace, w.requestName)) return ALLOWED;
    const reason = escalationReason(identity, held(), w.obj?.rules ?? []);
    if (reason) return { forbidden: reason, name };
    const aggregated = w.resource === "clusterroles" && (w.obj?.aggregationRule || w.old?.aggregationRule);
    if (aggregated && escalationReason(identity, held(), FULL_AUTHORITY)) {
      return { forbidden: "must have cluster-admin privileges to use the aggregationRule", name };
    }
    return ALLOWED;
  }

  const roleRef = w.obj?.roleRef;
  const refResource = roleRef?.kind === "ClusterRole" ? "clusterroles" : roleRef?.kind === "Role" ? "roles" : undefined;
  if (refResource && allows(identity, rbac, "bind", refResource, namespace, String(roleRef?.name ?? ""), String(roleRef?.apiGroup ?? ""))) return ALLOWED;
  const rules = roleRefRules(roleRef, namespace, rbac);
  if (!Array.isArray(rules)) return { notFound: rules };
  const reason = escalationReason(identity, held(), rules);
  return reason ? { forbidden: reason, name } : ALLOWED;
}

/** The full Status message: `rolebindings.rbac.authorization.k8s.io "x" is forbidden: user …`. */
export function escalationStatusMessage(resource: RbacResource, name: string, reason: string): string {
  const subject = name ? `${resource}.${RBAC_GROUP} ${JSON.stringify(name)}` : `${resource}.${RBAC_GROUP}`;
  return `${subject} is forbidden: ${reason}`;
}

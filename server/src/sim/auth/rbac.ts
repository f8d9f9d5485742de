/**
 * RBAC evaluation as kube-apiserver does it: a request is allowed when any ClusterRoleBinding, or any
 * RoleBinding in the request's namespace, binds a subject matching the caller to a (Cluster)Role with
 * a rule covering the request. Pure functions: the API layer passes the RBAC objects in.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Group whose members may do anything (kube-apiserver's superuser group). */
export const SYSTEM_MASTERS = "system:masters";
export const SYSTEM_AUTHENTICATED = "system:authenticated";

export interface Identity {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What is being asked, in the terms of kube-apiserver's authorizer.Attributes. */
export interface RequestAttributes {
  verb: string;
  resourceRequest: boolean;
  /** Resource requests. */
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests (e.g. /healthz). */
  path?: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The RBAC objects to evaluate against, as stored JSON. */
export interface RbacObjects {
  roles: Json[];
  roleBindings: Json[];
  clusterRoles: Json[];
  clusterRoleBindings: Json[];
}

export interface Decision {
  allowed: boolean;
  /** Set on allow: which binding allowed it (for audit); on deny: empty like upstream. */
  reason: string;
}

export function subjectMatches(subject: Json, identity: Identity, bindingNamespace?: string): boolean {
  switch (subject?.kind) {
    case "User":
      return subject.name === identity.username;
    case "Group":
      return identity.groups.includes(subject.name);
    case "ServiceAccount": {
      const ns = subject.namespace || bindingNamespace || "";
      return identity.username === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes("*") || list.includes(value));
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    const path = a.path ?? "";
    return (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === path || (u.endsWith("*") && path.startsWith(u.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup ?? "")) return false;
  const resource = a.resource ?? "";
  const combined = a.subresource ? `${resource}/${a.subresource}` : resource;
  const resOk = (rule.resources ?? []).some(
    (r) => r === "*" || r === combined || (!!a.subresource && (r === `*/${a.subresource}` || r === `${resource}/*`)),
  );
  if (!resOk) return false;
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return !!a.name && names.includes(a.name);
}

function rulesOf(roleRef: Json, bindingNamespace: string | undefined, rbac: RbacObjects): PolicyRule[] {
  if (roleRef?.kind === "ClusterRole") return rbac.clusterRoles.find((r) => r.metadata?.name === roleRef.name)?.rules ?? [];
  if (roleRef?.kind === "Role") {
    return rbac.roles.find((r) => r.metadata?.name === roleRef.name && r.metadata?.namespace === bindingNamespace)?.rules ?? [];
  }
  return [];
}

/** Every rule that applies to `identity` in `namespace` (cluster-wide rules included). */
export function rulesFor(identity: Identity, namespace: string | undefined, rbac: RbacObjects): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const b of rbac.clusterRoleBindings) {
    if ((b.subjects ?? []).some((s: Json) => subjectMatches(s, identity))) out.push(...rulesOf(b.roleRef, undefined, rbac));
  }
  if (namespace) {
    for (const b of rbac.roleBindings) {
      if (b.metadata?.namespace !== namespace) continue;
      if ((b.subjects ?? []).some((s: Json) => subjectMatches(s, identity, namespace))) out.push(...rulesOf(b.roleRef, namespace, rbac));
    }
  }
  return out;
}

export function authorize(identity: Identity, attrs: RequestAttributes, rbac: RbacObjects): Decision {
  if (identity.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: "" };
  for (const b of rbac.clusterRoleBindings) {
    if (!(b.subjects ?? []).some((s: Json) => subjectMatches(s, identity))) continue;
    if (rulesOf(b.roleRef, undefined, rbac).some((r) => ruleAllows(r, attrs))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata?.name}" of ClusterRole "${b.roleRef?.name}" to User "${identity.username}"` };
    }
  }
  if (attrs.resourceRequest && attrs.namespace) {
    for (const b of rbac.roleBindings) {
      if (b.metadata?.namespace !== attrs.namespace) continue;
      if (!(b.subjects ?? []).some((s: Json) => subjectMatches(s, identity, attrs.namespace))) continue;
      if (rulesOf(b.roleRef, attrs.namespace, rbac).some((r) => ruleAllows(r, attrs))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata?.name}/${attrs.namespace}" of ${b.roleRef?.kind} "${b.roleRef?.name}" to User "${identity.username}"` };
      }
    }
  }
  return { allowed: false, reason: "" };
}

/** The part after "is forbidden: ", exactly as kube-apiserver words it. */
export function forbiddenMessage(identity: Identity, a: RequestAttributes): string {
  if (!a.resourceRequest) return `User "${identity.username}" cannot ${a.verb} path "${a.path ?? ""}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? "");
  const where = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `User "${identity.username}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ""}" ${where}`;
}

/** The full Status message: `deployments.apps "frontend" is forbidden: User …`. */
export function forbiddenStatusMessage(identity: Identity, a: RequestAttributes, reason = ""): string {
  const suffix = reason ? `: ${reason}` : "";
  if (!a.resourceRequest) return `forbidden: ${forbiddenMessage(identity, a)}${suffix}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : (a.resource ?? "");
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return `${subject} is forbidden: ${forbiddenMessage(identity, a)}${suffix}`;
}

export interface SubjectRules {
  resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  incomplete: boolean;
}

/** SelfSubjectRulesReview status for `kubectl auth can-i --list`. */
export function subjectRules(identity: Identity, namespace: string, rbac: RbacObjects): SubjectRules {
  const rules = identity.groups.includes(SYSTEM_MASTERS)
    ? [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, { verbs: ["*"], nonResourceURLs: ["*"] }]
    : rulesFor(identity, namespace, rbac);
  const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
  for (const r of rules) {
    if (r.resources?.length) {
      const rr: SubjectRules["resourceRules"][number] = { verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources };
      if (r.resourceNames?.length) rr.resourceNames = r.resourceNames;
      out.resourceRules.push(rr);
    }
    if (r.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs });
  }
  return out;
}

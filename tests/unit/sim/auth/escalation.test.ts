import { describe, expect, it } from "vitest";
import {
  breakdownRule,
  checkRbacWrite,
  compactRules,
  compactString,
  escalationReason,
  escalationStatusMessage,
  ruleCovers,
  uncoveredRules,
  type PolicyRule,
  type RbacObjects,
} from "../../../../server/src/sim/auth/index.js";

const PLAYER = {
  username: "system:serviceaccount:fd-abc-orion:player",
  groups: ["system:serviceaccounts", "system:serviceaccounts:fd-abc-orion", "system:authenticated"],
};

describe("breakdownRule", () => {
  it("splits into one group, resource, verb and name each; URLs pair with verbs only", () => {
    expect(breakdownRule({ apiGroups: ["", "apps"], resources: ["pods"], verbs: ["get", "list"] })).toEqual([
      { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      { apiGroups: ["apps"], resources: ["pods"], verbs: ["get"] },
      { apiGroups: ["apps"], resources: ["pods"], verbs: ["list"] },
    ]);
    expect(breakdownRule({ apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"], verbs: ["get"] })).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["a"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["b"] },
    ]);
    expect(breakdownRule({ nonResourceURLs: ["/healthz", "/metrics"], verbs: ["get"] })).toEqual([
      { nonResourceURLs: ["/healthz"], verbs: ["get"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
  });
});

describe("ruleCovers", () => {
  const sub = (r: PolicyRule) => r;
  const cases: [string, PolicyRule, PolicyRule, boolean][] = [
    ["exact match", { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }, sub({ apiGroups: [""], resources: ["pods"], verbs: ["get"] }), true],
    ["other verb", { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["pods"], verbs: ["delete"] }), false],
    ["verb *", { apiGroups: [""], resources: ["pods"], verbs: ["*"] }, sub({ apiGroups: [""], resources: ["pods"], verbs: ["delete"] }), true],
    ["group *", { apiGroups: ["*"], resources: ["deployments"], verbs: ["get"] }, sub({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] }), true],
    ["other group", { apiGroups: [""], resources: ["deployments"], verbs: ["get"] }, sub({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] }), false],
    ["resource *", { apiGroups: [""], resources: ["*"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }), true],
    // "*" is only covered by "*"
    ["* needs *: verbs", { apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "create", "update", "patch", "delete"] }, sub({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }), false],
    ["* needs *: resources", { apiGroups: ["*"], resources: ["pods", "secrets"], verbs: ["*"] }, sub({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }), false],
    ["* needs *: groups", { apiGroups: ["", "apps"], resources: ["*"], verbs: ["*"] }, sub({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }), false],
    ["* covers *", { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, sub({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }), true],
    ["subresource exact", { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }), true],
    ["resource does not cover its subresource", { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }), false],
    ["*/subresource", { apiGroups: [""], resources: ["*/scale"], verbs: ["patch"] }, sub({ apiGroups: [""], resources: ["deployments/scale"], verbs: ["patch"] }), true],
    ["*/subresource is not the resource", { apiGroups: [""], resources: ["*/scale"], verbs: ["patch"] }, sub({ apiGroups: [""], resources: ["deployments"], verbs: ["patch"] }), false],
    ["resource * covers subresources", { apiGroups: [""], resources: ["*"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["pods/exec"], verbs: ["get"] }), true],
    ["unnamed owner covers a named rule", { apiGroups: [""], resources: ["secrets"], verbs: ["get"] }, sub({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["x"] }), true],
    ["named owner covers that name", { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["x", "y"] }, sub({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["y"] }), true],
    ["named owner not another name", { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["x"] }, sub({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["z"] }), false],
    ["named owner not the whole resource", { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["x"] }, sub({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }), false],
    ["URL exact", { nonResourceURLs: ["/healthz"], verbs: ["get"] }, sub({ nonResourceURLs: ["/healthz"], verbs: ["get"] }), true],
    ["URL prefix *", { nonResourceURLs: ["/healthz/*"], verbs: ["get"] }, sub({ nonResourceURLs: ["/healthz/etcd"], verbs: ["get"] }), true],
    ["URL other", { nonResourceURLs: ["/healthz"], verbs: ["get"] }, sub({ nonResourceURLs: ["/metrics"], verbs: ["get"] }), false],
    ["URL * needs *", { nonResourceURLs: ["/healthz", "/metrics"], verbs: ["*"] }, sub({ nonResourceURLs: ["*"], verbs: ["*"] }), false],
    ["URL * covers *", { nonResourceURLs: ["*"], verbs: ["*"] }, sub({ nonResourceURLs: ["*"], verbs: ["*"] }), true],
    ["resource rule does not cover a URL", { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, sub({ nonResourceURLs: ["/healthz"], verbs: ["get"] }), false],
  ];
  it.each(cases)("%s", (_name, owner, servant, expected) => {
    expect(ruleCovers(owner, servant)).toBe(expected);
  });
});

describe("uncovered rules and the message", () => {
  it("lists each missing piece, compacted by group and resource, sorted", () => {
    const held: PolicyRule[] = [{ apiGroups: [""], resources: ["pods", "configmaps"], verbs: ["get", "list", "watch"] }];
    const granted: PolicyRule[] = [
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "delete"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] },
      { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: ["frontend"], verbs: ["patch"] },
    ];
    const missing = uncoveredRules(held, granted);
    expect(missing).toHaveLength(4);
    expect(compactRules(missing).map(compactString).sort()).toEqual([
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
      '{APIGroups:["apps"], Resources:["deployments/scale"], ResourceNames:["frontend"], Verbs:["patch"]}',
    ]);
  });

  it("words it as kube-apiserver does (cluster-admin's rules)", () => {
    const clusterAdmin: PolicyRule[] = [
      { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
      { nonResourceURLs: ["*"], verbs: ["*"] },
    ];
    expect(escalationReason(PLAYER, [], clusterAdmin)).toBe(
      'user "system:serviceaccount:fd-abc-orion:player" (groups=["system:serviceaccounts" "system:serviceaccounts:fd-abc-orion" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    expect(escalationReason(PLAYER, clusterAdmin, clusterAdmin)).toBeUndefined();
    expect(escalationStatusMessage("rolebindings", "x", "R")).toBe('rolebindings.rbac.authorization.k8s.io "x" is forbidden: R');
  });
});

describe("checkRbacWrite", () => {
  const NS = "fd-abc-orion";
  const playerRole = {
    metadata: { name: "player", namespace: NS },
    rules: [
      { apiGroups: ["", "apps"], resources: ["*"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "list", "create", "update", "patch"] },
    ],
  };
  const rbac = (extra: Partial<RbacObjects> = {}): RbacObjects => ({
    roles: [playerRole, { metadata: { name: "reader", namespace: NS }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] }, ...(extra.roles ?? [])],
    roleBindings: [
      { metadata: { name: "player", namespace: NS }, roleRef: { kind: "Role", name: "player", apiGroup: "rbac.authorization.k8s.io" }, subjects: [{ kind: "ServiceAccount", name: "player", namespace: NS }] },
      ...(extra.roleBindings ?? []),
    ],
    clusterRoles: [{ metadata: { name: "cluster-admin" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }] }, ...(extra.clusterRoles ?? [])],
    clusterRoleBindings: [...(extra.clusterRoleBindings ?? [])],
  });
  const binding = (roleRef: { kind: string; name: string }, name = "b") => ({
    metadata: { name, namespace: NS },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
    subjects: [{ kind: "ServiceAccount", name: "player", namespace: NS }],
  });

  it("forbids binding cluster-admin, allows binding a role whose permissions are held", () => {
    const denied = checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: NS, obj: binding({ kind: "ClusterRole", name: "cluster-admin" }), rbac: rbac() });
    expect(denied).toMatchObject({ name: "b" });
    expect((denied as { forbidden: string }).forbidden).toMatch(/is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
    expect(checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: NS, obj: binding({ kind: "Role", name: "reader" }), rbac: rbac() })).toEqual({ allowed: true });
  });

  it("allows a binding with `bind` on the role (resourceNames respected), and superusers always", () => {
    const bindAdmin = { metadata: { name: "bind-admin", namespace: NS }, rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["cluster-admin"] }] };
    const withBind = rbac({
      roles: [bindAdmin],
      roleBindings: [{ metadata: { name: "bind-admin", namespace: NS }, roleRef: { kind: "Role", name: "bind-admin" }, subjects: [{ kind: "ServiceAccount", name: "player", namespace: NS }] }],
      clusterRoles: [{ metadata: { name: "edit" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }],
    });
    expect(checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: NS, obj: binding({ kind: "ClusterRole", name: "cluster-admin" }), rbac: withBind })).toEqual({ allowed: true });
    expect(checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: NS, obj: binding({ kind: "ClusterRole", name: "edit" }), rbac: withBind })).toHaveProperty("forbidden");
    const admin = { username: "system:admin", groups: ["system:masters", "system:authenticated"] };
    expect(checkRbacWrite({ identity: admin, resource: "clusterrolebindings", obj: binding({ kind: "ClusterRole", name: "cluster-admin" }), rbac: rbac() })).toEqual({ allowed: true });
  });

  it("a RoleBinding's permissions are counted in its namespace only", () => {
    const other = { ...binding({ kind: "Role", name: "reader" }), metadata: { name: "b", namespace: "elsewhere" } };
    const elsewhere = rbac({ roles: [{ metadata: { name: "reader", namespace: "elsewhere" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] }] });
    expect(checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: "elsewhere", obj: other, rbac: elsewhere })).toHaveProperty("forbidden");
  });

  it("a binding to a missing role is NotFound unless allowed by bind", () => {
    expect(checkRbacWrite({ identity: PLAYER, resource: "rolebindings", namespace: NS, obj: binding({ kind: "Role", name: "ghost" }), rbac: rbac() })).toEqual({
      notFound: { resource: "roles", name: "ghost" },
    });
  });

  it("roles: held permissions or `escalate`; GC-only updates pass", () => {
    const wide = { metadata: { name: "wide", namespace: NS }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }, { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] };
    const narrow = { metadata: { name: "narrow", namespace: NS }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] };
    expect(checkRbacWrite({ identity: PLAYER, resource: "roles", namespace: NS, obj: narrow, rbac: rbac() })).toEqual({ allowed: true });
    const denied = checkRbacWrite({ identity: PLAYER, resource: "roles", namespace: NS, obj: wide, rbac: rbac() }) as { forbidden: string };
    expect(denied.forbidden.split("\n").slice(1)).toEqual(['{APIGroups:["*"], Resources:["*"], Verbs:["*"]}']);
    const escalate = rbac({
      roles: [{ metadata: { name: "esc", namespace: NS }, rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["escalate"] }] }],
      roleBindings: [{ metadata: { name: "esc", namespace: NS }, roleRef: { kind: "Role", name: "esc" }, subjects: [{ kind: "ServiceAccount", name: "player", namespace: NS }] }],
    });
    expect(checkRbacWrite({ identity: PLAYER, resource: "roles", namespace: NS, obj: wide, rbac: escalate })).toEqual({ allowed: true });
    const withOwner = { ...wide, metadata: { ...wide.metadata, ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "1" }], resourceVersion: "9" } };
    expect(checkRbacWrite({ identity: PLAYER, resource: "roles", namespace: NS, obj: withOwner, old: wide, rbac: rbac() })).toEqual({ allowed: true });
    const relabeled = { ...wide, metadata: { ...wide.metadata, labels: { a: "b" } } };
    expect(checkRbacWrite({ identity: PLAYER, resource: "roles", namespace: NS, obj: relabeled, old: wide, rbac: rbac() })).toHaveProperty("forbidden");
  });

  it("an aggregationRule needs full authority even with no rules", () => {
    const holder = rbac({ clusterRoleBindings: [{ metadata: { name: "x" }, roleRef: { kind: "ClusterRole", name: "view-all" }, subjects: [{ kind: "ServiceAccount", name: "player", namespace: NS }] }], clusterRoles: [{ metadata: { name: "view-all" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get"] }] }] });
    const aggregated = { metadata: { name: "agg" }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] }, rules: [] };
    expect(checkRbacWrite({ identity: PLAYER, resource: "clusterroles", obj: aggregated, rbac: holder })).toEqual({
      forbidden: "must have cluster-admin privileges to use the aggregationRule",
      name: "agg",
    });
  });
});

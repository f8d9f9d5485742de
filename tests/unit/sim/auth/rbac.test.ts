import { describe, expect, it } from "vitest";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "../../../../server/src/sim/auth/bootstrap.js";
import { authorize, forbiddenStatusMessage, ruleAllows, subjectRules, type Identity, type RbacObjects, type RequestAttributes } from "../../../../server/src/sim/auth/rbac.js";
import { adminIdentity, impersonate, serviceAccountIdentity, TokenAuthenticator } from "../../../../server/src/sim/auth/authn.js";

const player = serviceAccountIdentity("team-a", "player");
const res = (verb: string, resource: string, extra: Partial<RequestAttributes> = {}): RequestAttributes => ({ verb, resourceRequest: true, apiGroup: "", resource, ...extra });

function rbac(extra: Partial<RbacObjects> = {}): RbacObjects {
  return {
    roles: [
      {
        metadata: { name: "player", namespace: "team-a" },
        rules: [
          { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
          { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"], resourceNames: ["frontend"] },
        ],
      },
    ],
    roleBindings: [
      { metadata: { name: "player", namespace: "team-a" }, roleRef: { kind: "Role", name: "player" }, subjects: [{ kind: "ServiceAccount", name: "player", namespace: "team-a" }] },
      { metadata: { name: "viewers", namespace: "team-b" }, roleRef: { kind: "ClusterRole", name: "view" }, subjects: [{ kind: "Group", name: "system:serviceaccounts:team-a" }] },
    ],
    clusterRoles: bootstrapClusterRoles(),
    clusterRoleBindings: bootstrapClusterRoleBindings(),
    ...extra,
  };
}

describe("ruleAllows", () => {
  const cases: [string, Parameters<typeof ruleAllows>[0], RequestAttributes, boolean][] = [
    ["exact match", { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, res("get", "pods"), true],
    ["wrong verb", { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, res("list", "pods"), false],
    ["wrong group", { apiGroups: ["apps"], resources: ["pods"], verbs: ["get"] }, res("get", "pods"), false],
    ["star everything", { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, res("delete", "secrets"), true],
    ["subresource needs resource/sub", { apiGroups: [""], resources: ["pods"], verbs: ["get"] }, res("get", "pods", { subresource: "log" }), false],
    ["resource/sub", { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }, res("get", "pods", { subresource: "log" }), true],
    ["*/sub", { apiGroups: ["*"], resources: ["*/scale"], verbs: ["patch"] }, res("patch", "deployments", { apiGroup: "apps", subresource: "scale" }), true],
    ["resource/*", { apiGroups: [""], resources: ["pods/*"], verbs: ["get"] }, res("get", "pods", { subresource: "exec" }), true],
    ["resourceNames match", { apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["a"] }, res("get", "configmaps", { name: "a" }), true],
    ["resourceNames exclude list", { apiGroups: [""], resources: ["configmaps"], verbs: ["list"], resourceNames: ["a"] }, res("list", "configmaps"), false],
    ["nonResourceURL exact", { nonResourceURLs: ["/healthz"], verbs: ["get"] }, { verb: "get", resourceRequest: false, path: "/healthz" }, true],
    ["nonResourceURL prefix", { nonResourceURLs: ["/apis/*"], verbs: ["get"] }, { verb: "get", resourceRequest: false, path: "/apis/apps/v1" }, true],
    ["nonResource rule does not grant resources", { nonResourceURLs: ["*"], verbs: ["*"] }, res("get", "pods"), false],
  ];
  for (const [name, rule, attrs, want] of cases) it(name, () => expect(ruleAllows(rule, attrs)).toBe(want));
});

describe("authorize", () => {
  it("system:masters may do anything", () => {
    expect(authorize(adminIdentity(), res("delete", "nodes"), rbac({ clusterRoleBindings: [] })).allowed).toBe(true);
  });

  it("a RoleBinding grants only in its namespace", () => {
    expect(authorize(player, res("list", "pods", { namespace: "team-a" }), rbac()).allowed).toBe(true);
    expect(authorize(player, res("list", "pods", { namespace: "team-c" }), rbac()).allowed).toBe(false);
    expect(authorize(player, res("list", "pods"), rbac()).allowed).toBe(false);
  });

  it("a RoleBinding to a ClusterRole for a group works", () => {
    expect(authorize(player, res("list", "deployments", { apiGroup: "apps", namespace: "team-b" }), rbac()).allowed).toBe(true);
    expect(authorize(player, res("list", "secrets", { namespace: "team-b" }), rbac()).allowed).toBe(false);
  });

  it("resourceNames limit the object", () => {
    expect(authorize(player, res("patch", "deployments", { apiGroup: "apps", namespace: "team-a", name: "frontend" }), rbac()).allowed).toBe(true);
    expect(authorize(player, res("patch", "deployments", { apiGroup: "apps", namespace: "team-a", name: "backend" }), rbac()).allowed).toBe(false);
  });

  it("every authenticated user may create access reviews and read discovery", () => {
    expect(authorize(player, res("create", "selfsubjectaccessreviews", { apiGroup: "authorization.k8s.io" }), rbac()).allowed).toBe(true);
    expect(authorize(player, { verb: "get", resourceRequest: false, path: "/apis/apps/v1" }, rbac()).allowed).toBe(true);
    expect(authorize(player, { verb: "get", resourceRequest: false, path: "/metrics" }, rbac()).allowed).toBe(false);
  });
});

describe("forbidden messages", () => {
  it("named, list and cluster-scope variants", () => {
    expect(forbiddenStatusMessage(player, res("patch", "deployments", { apiGroup: "apps", namespace: "team-a", name: "frontend" }))).toBe(
      'deployments.apps "frontend" is forbidden: User "system:serviceaccount:team-a:player" cannot patch resource "deployments" in API group "apps" in the namespace "team-a"',
    );
    expect(forbiddenStatusMessage(player, res("list", "pods", { namespace: "team-b" }))).toBe(
      'pods is forbidden: User "system:serviceaccount:team-a:player" cannot list resource "pods" in API group "" in the namespace "team-b"',
    );
    expect(forbiddenStatusMessage(player, res("list", "nodes"))).toBe('nodes is forbidden: User "system:serviceaccount:team-a:player" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbiddenStatusMessage(player, res("get", "pods", { namespace: "team-a", name: "p", subresource: "exec" }))).toBe(
      'pods "p" is forbidden: User "system:serviceaccount:team-a:player" cannot get resource "pods/exec" in API group "" in the namespace "team-a"',
    );
  });
});

describe("subjectRules", () => {
  it("lists the namespace's rules plus cluster-wide ones", () => {
    const r = subjectRules(player, "team-a", rbac());
    expect(r.resourceRules).toContainEqual({ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"] });
    expect(r.resourceRules).toContainEqual({ verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["frontend"] });
    expect(r.nonResourceRules.some((n) => n.nonResourceURLs?.includes("/api"))).toBe(true);
  });
});

describe("authentication and impersonation", () => {
  it("maps tokens to identities, rejecting unknown ones", () => {
    const a = new TokenAuthenticator();
    a.add("secret", adminIdentity());
    expect(a.authenticate("Bearer secret")?.username).toBe("system:admin");
    expect(a.authenticate("Bearer nope")).toBeUndefined();
    expect(a.authenticate("Basic secret")).toBeUndefined();
    expect(a.authenticate(undefined)).toBeUndefined();
  });

  it("admins may impersonate a ServiceAccount, which gets its groups", () => {
    const r = impersonate(adminIdentity(), { user: "system:serviceaccount:team-a:player", groups: [] }, rbac());
    expect(r).toEqual({ identity: { username: "system:serviceaccount:team-a:player", groups: ["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"], uid: undefined } });
  });

  it("others need the impersonate verb", () => {
    const alice: Identity = { username: "alice", groups: ["system:authenticated"] };
    expect(impersonate(alice, { user: "bob", groups: [] }, rbac())).toEqual({
      forbidden: 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    });
    const allowed = rbac({
      clusterRoles: [...bootstrapClusterRoles(), { metadata: { name: "imp" }, rules: [{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["bob"] }] }],
      clusterRoleBindings: [{ metadata: { name: "imp" }, roleRef: { kind: "ClusterRole", name: "imp" }, subjects: [{ kind: "User", name: "alice" }] }],
    });
    expect(impersonate(alice, { user: "bob", groups: [] }, allowed)).toEqual({ identity: { username: "bob", groups: ["system:authenticated"], uid: undefined } });
    expect("forbidden" in impersonate(alice, { user: "bob", groups: ["system:masters"] }, allowed)).toBe(true);
  });
});

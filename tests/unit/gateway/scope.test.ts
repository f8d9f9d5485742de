import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../server/src/gateway/parse-request.js";
import { scopeRequest, type GatewayTeam } from "../../../server/src/gateway/scope.js";

const team: GatewayTeam = { teamId: "t1", name: "orion", namespace: "fd-abc-orion", gameCode: "ABC" };

type Row = [method: string, url: string, expected: "allow" | "filter" | string, headers?: Record<string, string>];

const rows: Row[] = [
  ["GET", "/version", "allow"],
  ["GET", "/api", "allow"],
  ["GET", "/apis/apps/v1", "allow"],
  ["GET", "/openapi/v3", "allow"],
  ["POST", "/api", "non-resource"],
  ["GET", "/metrics", "non-resource"],
  ["GET", "/api/v1/namespaces/fd-abc-orion/pods", "allow"],
  ["PATCH", "/apis/apps/v1/namespaces/fd-abc-orion/deployments/frontend", "allow"],
  ["GET", "/api/v1/namespaces/fd-abc-orion/pods/p/exec", "allow"],
  ["DELETE", "/api/v1/namespaces/fd-abc-orion/pods/p", "allow"],
  ["POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/fd-abc-orion/rolebindings", "allow"], // RBAC decides
  ["GET", "/api/v1/namespaces/fd-abc-lyra/pods", "other-namespace"],
  ["GET", "/api/v1/namespaces/fd-abc-lyra/pods/p/log", "other-namespace"],
  ["GET", "/api/v1/namespaces/fd-abc-lyra/pods?watch=true", "other-namespace"],
  ["PATCH", "/apis/apps/v1/namespaces/fd-abc-lyra/deployments/frontend", "other-namespace"],
  ["DELETE", "/api/v1/namespaces/fd-abc-lyra/pods/p", "other-namespace"],
  ["GET", "/api/v1/namespaces/fd-abc-lyra/pods/p/exec", "other-namespace"],
  ["GET", "/api/v1/namespaces/fd-abc-lyra", "other-namespace"],
  ["GET", "/api/v1/namespaces/fd-abc-orion", "allow"],
  ["GET", "/api/v1/namespaces", "filter"],
  ["GET", "/api/v1/namespaces?watch=true", "filter"],
  ["POST", "/api/v1/namespaces", "cluster-scoped-write"],
  ["DELETE", "/api/v1/namespaces/fd-abc-orion", "namespace-write"],
  ["PATCH", "/api/v1/namespaces/fd-abc-orion", "namespace-write"],
  ["PUT", "/api/v1/namespaces/fd-abc-orion/finalize", "namespace-write"],
  ["DELETE", "/api/v1/namespaces/fd-abc-lyra", "other-namespace"],
  ["GET", "/api/v1/pods?limit=500", "all-namespaces"],
  ["GET", "/apis/apps/v1/deployments?watch=true", "all-namespaces"],
  ["GET", "/api/v1/events", "all-namespaces"],
  ["POST", "/api/v1/pods", "missing-namespace"],
  ["GET", "/api/v1/nodes", "allow"],
  ["GET", "/api/v1/nodes/node-1", "allow"],
  ["PATCH", "/api/v1/nodes/node-1", "cluster-scoped-write"],
  ["DELETE", "/api/v1/nodes/node-1", "cluster-scoped-write"],
  ["GET", "/api/v1/nodes/node-1/proxy/metrics", "cluster-scoped-write"],
  ["GET", "/apis/storage.k8s.io/v1/storageclasses", "allow"],
  ["GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "cluster-scoped-resource"],
  ["POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "cluster-scoped-write"],
  ["POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "cluster-scoped-write"],
  ["DELETE", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", "cluster-scoped-write"],
  ["POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "allow"],
  ["POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "allow"],
  ["POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", "cluster-scoped-write"],
  ["GET", "/api/v1/namespaces/fd-abc-orion/pods", "impersonation", { "impersonate-user": "system:admin" }],
  ["GET", "/api/v1/namespaces/fd-abc-orion/pods", "impersonation", { "impersonate-group": "system:masters" }],
  ["GET", "/version", "allow", { "impersonate-uid": "x" }], // served as the player; headers are stripped
  ["POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "impersonation", { "impersonate-user": "system:admin" }],
];

describe("scopeRequest", () => {
  it.each(rows)("%s %s → %s", (method, url, expected, headers) => {
    const d = scopeRequest(parseRequest(method, url, headers ?? {}), team);
    if (expected === "allow") expect(d).toEqual({ allowed: true, filter: "none" });
    else if (expected === "filter") expect(d).toEqual({ allowed: true, filter: "own-namespace" });
    else {
      expect(d.allowed).toBe(false);
      if (!d.allowed) {
        expect(d.reason).toBe(expected);
        expect(d.status).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Forbidden", code: 403 });
        expect(d.status.message).toMatch(/is forbidden: /);
      }
    }
  });

  it("words a cross-namespace denial the way kubectl prints Kubernetes errors", () => {
    const d = scopeRequest(parseRequest("GET", "/api/v1/namespaces/team-b", {}), team);
    expect(d.allowed).toBe(false);
    if (!d.allowed) {
      expect(d.status.message).toBe('namespaces "team-b" is forbidden: team "orion" may only access namespace "fd-abc-orion"');
      expect(d.status.details).toEqual({ name: "team-b", kind: "namespaces" });
    }
    const p = scopeRequest(parseRequest("GET", "/apis/apps/v1/namespaces/team-b/deployments/frontend", {}), team);
    if (!p.allowed) {
      expect(p.status.message).toBe(
        'deployments.apps "frontend" is forbidden: team "orion" may only access namespace "fd-abc-orion", not "team-b"',
      );
      expect(p.status.details).toEqual({ name: "frontend", group: "apps", kind: "deployments" });
    } else throw new Error("expected a denial");
  });
});

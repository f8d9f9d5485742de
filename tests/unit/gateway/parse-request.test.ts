import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../server/src/gateway/parse-request.js";

type Row = [method: string, url: string, expected: Record<string, unknown>];

const rows: Row[] = [
  ["GET", "/version?timeout=5s", { isDiscovery: true, isResourceRequest: false }],
  ["GET", "/api?timeout=32s", { isDiscovery: true }],
  ["GET", "/apis", { isDiscovery: true }],
  ["GET", "/api/v1?timeout=32s", { isDiscovery: true, apiVersion: "v1" }],
  ["GET", "/apis/apps/v1", { isDiscovery: true, apiGroup: "apps", apiVersion: "v1" }],
  ["GET", "/apis/apps", { isDiscovery: true, apiGroup: "apps" }],
  ["GET", "/openapi/v3/apis/apps/v1?hash=X", { isDiscovery: true }],
  ["GET", "/openapi/v2", { isDiscovery: true }],
  ["GET", "/metrics", { isDiscovery: false, isResourceRequest: false, verb: "get" }],
  [
    "GET",
    "/api/v1/namespaces/fd-a/pods?limit=500",
    { verb: "list", resource: "pods", namespace: "fd-a", name: "", apiGroup: "", apiVersion: "v1" },
  ],
  ["GET", "/api/v1/namespaces/fd-a/pods/p1", { verb: "get", resource: "pods", name: "p1", namespace: "fd-a" }],
  [
    "GET",
    "/api/v1/namespaces/fd-a/pods?resourceVersion=10&watch=true",
    { verb: "watch", resource: "pods", namespace: "fd-a" },
  ],
  [
    "GET",
    "/apis/apps/v1/namespaces/fd-a/deployments?fieldSelector=metadata.name%3Dfrontend&watch=1",
    { verb: "watch", resource: "deployments", apiGroup: "apps", name: "frontend" },
  ],
  [
    "GET",
    "/apis/apps/v1/namespaces/fd-a/deployments?fieldSelector=metadata.name%3Dfrontend&limit=500",
    { verb: "list", name: "frontend", fieldSelector: "metadata.name=frontend" },
  ],
  [
    "GET",
    "/api/v1/namespaces/fd-a/pods/p1/log?container=frontend&follow=true",
    { verb: "get", resource: "pods", subresource: "log", name: "p1" },
  ],
  [
    "GET",
    "/api/v1/namespaces/fd-a/pods/p1/exec?command=ls&stdout=true",
    { verb: "connect", subresource: "exec", name: "p1" },
  ],
  ["POST", "/api/v1/namespaces/fd-a/pods/p1/exec?command=ls", { verb: "connect", subresource: "exec" }],
  ["POST", "/api/v1/namespaces/fd-a/pods/p1/portforward", { verb: "connect", subresource: "portforward" }],
  [
    "GET",
    "/api/v1/namespaces/fd-a/services/frontend:80/proxy/api/tasks",
    { verb: "connect", resource: "services", name: "frontend:80", subresource: "proxy", proxyPath: "/api/tasks" },
  ],
  ["PATCH", "/apis/apps/v1/namespaces/fd-a/deployments/frontend?fieldManager=kubectl-set", { verb: "patch" }],
  ["PATCH", "/apis/apps/v1/namespaces/fd-a/deployments/frontend/scale", { verb: "patch", subresource: "scale" }],
  ["PUT", "/apis/apps/v1/namespaces/fd-a/deployments/frontend", { verb: "update" }],
  ["POST", "/api/v1/namespaces/fd-a/configmaps", { verb: "create", resource: "configmaps", name: "" }],
  ["DELETE", "/api/v1/namespaces/fd-a/pods/p1", { verb: "delete", name: "p1" }],
  ["DELETE", "/api/v1/namespaces/fd-a/pods", { verb: "deletecollection", name: "" }],
  ["GET", "/api/v1/pods?limit=500", { verb: "list", resource: "pods", namespace: "" }],
  ["GET", "/api/v1/namespaces", { verb: "list", resource: "namespaces", namespace: "", name: "" }],
  ["GET", "/api/v1/namespaces/fd-b", { verb: "get", resource: "namespaces", namespace: "fd-b", name: "fd-b" }],
  ["DELETE", "/api/v1/namespaces/fd-b", { verb: "delete", resource: "namespaces", name: "fd-b" }],
  [
    "PUT",
    "/api/v1/namespaces/fd-b/finalize",
    { verb: "update", resource: "namespaces", name: "fd-b", subresource: "finalize" },
  ],
  ["GET", "/api/v1/nodes/node-1", { verb: "get", resource: "nodes", name: "node-1", namespace: "" }],
  [
    "POST",
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    { verb: "create", resource: "clusterrolebindings", apiGroup: "rbac.authorization.k8s.io" },
  ],
  ["GET", "/api/v1/watch/namespaces/fd-a/pods", { verb: "watch", resource: "pods", namespace: "fd-a" }],
  ["GET", "/api/v1/namespaces/fd-a/pods/a%20b", { name: "a b" }],
  ["GET", "//api//v1/namespaces/fd-a/pods/", { verb: "list", resource: "pods", namespace: "fd-a" }],
  [
    "GET",
    "/api/v1/namespaces/fd-a/pods?labelSelector=app%3Dfrontend",
    { labelSelector: "app=frontend", name: "" },
  ],
];

describe("parseRequest", () => {
  it.each(rows)("%s %s", (method, url, expected) => {
    const p = parseRequest(method, url, {});
    expect(p).toMatchObject(expected);
  });

  it("reads kubectl headers and impersonation headers", () => {
    const p = parseRequest("GET", "/api/v1/namespaces/a/pods", {
      "kubectl-command": "kubectl get",
      "kubectl-session": "abc",
      "impersonate-user": "system:admin",
      "impersonate-group": "system:masters",
    });
    expect(p.kubectlCommand).toBe("kubectl get");
    expect(p.kubectlSession).toBe("abc");
    expect(p.impersonation).toEqual(["impersonate-group", "impersonate-user"]);
  });

  it("does not throw on a malformed percent-encoding", () => {
    const p = parseRequest("GET", "/api/v1/namespaces/%E0%A4%A/pods", {});
    expect(p.isResourceRequest).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { parseRequestInfo } from "../../../../server/src/sim/api/request-info.js";

const q = (s = "") => new URLSearchParams(s);

describe("parseRequestInfo", () => {
  const cases: [string, string, string, Record<string, unknown>][] = [
    ["GET", "/api/v1/namespaces/ns/pods", "", { verb: "list", apiGroup: "", resource: "pods", namespace: "ns", name: "" }],
    ["GET", "/api/v1/namespaces/ns/pods", "watch=true", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/pods", "watch=1", { verb: "watch" }],
    ["GET", "/api/v1/pods", "", { verb: "list", namespace: "", resource: "pods" }],
    ["GET", "/apis/apps/v1/namespaces/ns/deployments/web", "", { verb: "get", apiGroup: "apps", apiVersion: "v1", resource: "deployments", name: "web" }],
    ["PATCH", "/apis/apps/v1/namespaces/ns/deployments/web/scale", "", { verb: "patch", subresource: "scale", name: "web" }],
    ["POST", "/api/v1/namespaces/ns/configmaps", "", { verb: "create", resource: "configmaps" }],
    ["DELETE", "/api/v1/namespaces/ns/configmaps", "", { verb: "deletecollection" }],
    ["DELETE", "/api/v1/namespaces/ns/configmaps/x", "", { verb: "delete", name: "x" }],
    ["GET", "/api/v1/namespaces/ns", "", { verb: "get", resource: "namespaces", name: "ns", namespace: "ns" }],
    ["PUT", "/api/v1/namespaces/ns/status", "", { verb: "update", resource: "namespaces", name: "ns", subresource: "status" }],
    ["GET", "/api/v1/namespaces/ns/pods/p/log", "", { verb: "get", subresource: "log" }],
    ["GET", "/api/v1/namespaces/ns/services/web:80/proxy/api/items", "", { verb: "get", name: "web:80", subresource: "proxy", proxyPath: "/api/items" }],
    ["GET", "/api/v1/nodes", "", { verb: "list", resource: "nodes" }],
  ];
  for (const [method, path, query, want] of cases) {
    it(`${method} ${path}${query ? "?" + query : ""}`, () => {
      const info = parseRequestInfo(method, path, q(query));
      expect(info.resourceRequest).toBe(true);
      expect(info).toMatchObject(want);
    });
  }

  it("discovery and health paths are non-resource requests", () => {
    for (const p of ["/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1", "/version", "/healthz", "/openapi/v3"]) {
      expect(parseRequestInfo("GET", p, q()).resourceRequest, p).toBe(false);
    }
  });
});

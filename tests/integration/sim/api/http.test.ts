/**
 * Wire-level behaviour of the sim API that kubectl depends on but does not print: content types,
 * status codes and Status bodies for discovery, OpenAPI, health, and malformed requests.
 */
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

let sim: TestSim;

interface Res {
  status: number;
  type: string;
  body: string;
  json(): Record<string, unknown>;
}

function call(method: string, path: string, opts: { headers?: Record<string, string>; body?: string; token?: string | null } = {}): Promise<Res> {
  const url = new URL(path, sim.cluster.url);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? sim.cluster.adminToken}`;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: sim.cluster.caPem }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body, json: () => JSON.parse(body) }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const JSON_CT = { "content-type": "application/json" };

beforeAll(async () => {
  sim = await startTestSim({ controllers: false });
  await call("POST", "/api/v1/namespaces", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "ns" } }) });
});

afterAll(async () => {
  await sim?.stop();
});

describe("sim API over HTTPS", () => {
  it("serves /version and health without a token, nothing else", async () => {
    expect((await call("GET", "/version", { token: null })).json()).toMatchObject({ major: "1", minor: "32", gitVersion: "v1.32.4-firedrill" });
    const health = await call("GET", "/readyz", { token: null });
    expect([health.status, health.body]).toEqual([200, "ok"]);
    const denied = await call("GET", "/api/v1/pods", { token: null });
    expect(denied.status).toBe(401);
    expect(denied.json()).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
  });

  it("answers aggregated discovery with the exact content type, plain JSON otherwise", async () => {
    const agg = await call("GET", "/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json" } });
    expect(agg.type).toBe("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
    expect(agg.json()).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2beta1" });
    const legacy = await call("GET", "/api", { headers: { accept: "application/json" } });
    expect(legacy.type).toBe("application/json");
    expect(legacy.json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    expect((await call("GET", "/apis/apps")).json()).toMatchObject({ kind: "APIGroup", name: "apps", preferredVersion: { groupVersion: "apps/v1" } });
  });

  it("serves OpenAPI v3 and 404s v2", async () => {
    const index = (await call("GET", "/openapi/v3")).json() as { paths: Record<string, { serverRelativeURL: string }> };
    const doc = await call("GET", index.paths["api/v1"]!.serverRelativeURL);
    expect(doc.status).toBe(200);
    expect(doc.json()).toMatchObject({ openapi: "3.0.0" });
    expect((await call("GET", "/openapi/v2")).status).toBe(404);
  });

  it("unknown resources are 404 and disallowed verbs 405", async () => {
    expect((await call("GET", "/apis/batch/v1/jobs")).status).toBe(404);
    const r = await call("PUT", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x", { headers: JSON_CT, body: "{}" });
    expect(r.status).toBe(405);
    expect(r.json()).toMatchObject({ reason: "MethodNotAllowed" });
  });

  it("rejects mismatched namespaces and names, bad bodies and unknown patch types", async () => {
    const wrongNs = await call("POST", "/api/v1/namespaces/ns/configmaps", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "a", namespace: "other" } }) });
    expect([wrongNs.status, wrongNs.json().message]).toEqual([400, "the namespace of the provided object does not match the namespace sent on the request"]);
    await call("POST", "/api/v1/namespaces/ns/configmaps", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "a" } }) });
    const wrongName = await call("PUT", "/api/v1/namespaces/ns/configmaps/a", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "b" } }) });
    expect([wrongName.status, wrongName.json().message]).toEqual([400, "the name of the object (b) does not match the name on the URL (a)"]);
    expect((await call("POST", "/api/v1/namespaces/ns/configmaps", { headers: JSON_CT, body: "{not json" })).status).toBe(400);
    const wrongKind = await call("POST", "/api/v1/namespaces/ns/configmaps", { headers: JSON_CT, body: JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "z" } }) });
    expect(wrongKind.status).toBe(400);
    const patch = await call("PATCH", "/api/v1/namespaces/ns/configmaps/a", { headers: { "content-type": "text/plain" }, body: "x" });
    expect([patch.status, patch.json().reason]).toEqual([415, "UnsupportedMediaType"]);
  });

  it("creating in a missing namespace is NotFound for the namespace", async () => {
    const r = await call("POST", "/api/v1/namespaces/nope/configmaps", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "a" } }) });
    expect([r.status, r.json().message]).toEqual([404, 'namespaces "nope" not found']);
  });

  it("a stale resourceVersion on update is a Conflict", async () => {
    const cm = (await call("GET", "/api/v1/namespaces/ns/configmaps/a")).json() as { metadata: Record<string, unknown> };
    await call("PUT", "/api/v1/namespaces/ns/configmaps/a", { headers: JSON_CT, body: JSON.stringify({ ...cm, data: { x: "1" } }) });
    const stale = await call("PUT", "/api/v1/namespaces/ns/configmaps/a", { headers: JSON_CT, body: JSON.stringify({ ...cm, data: { x: "2" } }) });
    expect(stale.status).toBe(409);
    expect(stale.json().message).toBe('Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("a service proxy with no runtime and no endpoints is 503 like kube-apiserver's", async () => {
    await call("POST", "/api/v1/namespaces/ns/services", { headers: JSON_CT, body: JSON.stringify({ metadata: { name: "web" }, spec: { ports: [{ port: 80 }], selector: { app: "web" } } }) });
    const r = await call("GET", "/api/v1/namespaces/ns/services/web:80/proxy/");
    expect([r.status, r.json().reason, r.json().message]).toEqual([503, "ServiceUnavailable", 'no endpoints available for service "web"']);
  });

  it("Table responses honour includeObject=None and carry the list resourceVersion", async () => {
    const t = (await call("GET", "/api/v1/namespaces/ns/configmaps?includeObject=None", { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).json() as {
      kind: string;
      metadata: { resourceVersion: string };
      rows: Record<string, unknown>[];
    };
    expect(t.kind).toBe("Table");
    expect(Number(t.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(t.rows[0]).not.toHaveProperty("object");
  });
});

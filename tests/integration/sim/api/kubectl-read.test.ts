/**
 * Real kubectl 1.32 against the simulated API server: read paths (version, discovery, get/Table,
 * describe, errors, selectors, sorting). Assertions are on kubectl's printed output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-a";
const PODS = { group: "", version: "v1", resource: "pods" };
const EVENTS = { group: "", version: "v1", resource: "events" };

let sim: TestSim;

function pod(name: string, labels: Record<string, string>, status: Record<string, unknown>) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, labels },
    spec: { containers: [{ name: "web", image: "nginx:1.25" }], nodeName: "node-1" },
    status,
  };
}

beforeAll(async () => {
  sim = await startTestSim();
  const { store } = sim.cluster;
  expect((await sim.kubectl(["create", "namespace", NS])).code).toBe(0);
  store.create(PODS, pod("web-ok", { app: "web" }, {}));
  store.update(PODS, pod("web-ok", { app: "web" }, {
    phase: "Running",
    podIP: "10.244.1.5",
    podIPs: [{ ip: "10.244.1.5" }],
    conditions: [{ type: "Ready", status: "True" }],
    containerStatuses: [{ name: "web", ready: true, restartCount: 0, image: "nginx:1.25", state: { running: { startedAt: "2026-01-01T00:00:00Z" } } }],
  }), { subresource: "status" });
  store.create(PODS, pod("web-bad", { app: "web", tier: "canary" }, {}));
  store.update(PODS, pod("web-bad", { app: "web", tier: "canary" }, {
    phase: "Pending",
    containerStatuses: [{ name: "web", ready: false, restartCount: 0, image: "nginx:1.27-typo", state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "nginx:1.27-typo"' } } }],
  }), { subresource: "status" });
  const uid = store.get(PODS, NS, "web-bad")!.metadata.uid;
  const now = new Date(sim.cluster.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
  const earlier = new Date(sim.cluster.clock.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const event = (name: string, reason: string, type: string, message: string, ts: string) => ({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: NS },
    involvedObject: { kind: "Pod", namespace: NS, name: "web-bad", uid, apiVersion: "v1", fieldPath: "spec.containers{web}" },
    reason,
    message,
    type,
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
  });
  store.create(EVENTS, event("web-bad.2", "BackOff", "Normal", 'Back-off pulling image "nginx:1.27-typo"', now));
  store.create(EVENTS, event("web-bad.1", "Failed", "Warning", 'Failed to pull image "nginx:1.27-typo": not found', earlier));
});

afterAll(async () => {
  await sim?.stop();
});

describe("kubectl read paths against the sim", () => {
  it("kubectl version reports the 1.32 server", async () => {
    const r = await sim.kubectl(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Server Version: v1.32.4-firedrill");
  });

  it("kubectl api-resources lists kinds with short names from discovery", async () => {
    const r = await sim.kubectl(["api-resources"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(r.stdout).toMatch(/^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview$/m);
  });

  it("get pods prints the server Table with upstream status cells", async () => {
    const r = await sim.kubectl(["get", "pods", "-n", NS]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(r.stdout).toMatch(/^web-bad\s+0\/1\s+ImagePullBackOff\s+0\s+\d+s$/m);
    expect(r.stdout).toMatch(/^web-ok\s+1\/1\s+Running\s+0\s+\d+s$/m);
  });

  it("get pods -o wide adds the priority-1 columns", async () => {
    const r = await sim.kubectl(["get", "pods", "-n", NS, "-o", "wide"]);
    expect(r.stdout.split("\n")[0]).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    expect(r.stdout).toMatch(/^web-ok\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.5\s+node-1\s+<none>\s+<none>$/m);
  });

  it("get pods -l and --field-selector filter on the server", async () => {
    const byLabel = await sim.kubectl(["get", "pods", "-n", NS, "-l", "tier=canary", "-o", "name"]);
    expect(byLabel.stdout.trim()).toBe("pod/web-bad");
    const byField = await sim.kubectl(["get", "pods", "-n", NS, "--field-selector", "metadata.name=web-ok", "-o", "name"]);
    expect(byField.stdout.trim()).toBe("pod/web-ok");
  });

  it("get pods -A lists across namespaces with a NAMESPACE column", async () => {
    const r = await sim.kubectl(["get", "pods", "-A"]);
    expect(r.stdout.split("\n")[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(r.stdout).toMatch(/^team-a\s+web-ok\s+1\/1\s+Running/m);
  });

  it("-o jsonpath reads the stored object", async () => {
    const r = await sim.kubectl(["get", "pod", "web-bad", "-n", NS, "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"]);
    expect(r.stdout).toBe("ImagePullBackOff");
  });

  it("get all prefixes rows with the resource (format:name)", async () => {
    await sim.kubectl(["create", "deployment", "frontend", "--image=nginx:1.25", "-n", NS]);
    await sim.kubectl(["create", "service", "clusterip", "frontend", "--tcp=80:80", "-n", NS]);
    const r = await sim.kubectl(["get", "all", "-n", NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pod\/web-ok\s+1\/1\s+Running/m);
    expect(r.stdout).toMatch(/^service\/frontend\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+$/m);
    expect(r.stdout).toMatch(/^deployment\.apps\/frontend\s+\d\/1\s+\d+\s+\d+\s+\S+$/m);
  });

  it("NotFound errors read like a real cluster, including the missing-namespace variant", async () => {
    const missing = await sim.kubectl(["get", "pod", "nope", "-n", NS]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    const noNs = await sim.kubectl(["get", "pod", "nope", "-n", "nope"]);
    expect(noNs.stderr.trim()).toBe('Error from server (NotFound): namespaces "nope" not found');
    const deploy = await sim.kubectl(["get", "deploy", "nope", "-n", NS]);
    expect(deploy.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    const empty = await sim.kubectl(["get", "pods", "-n", "nope"]);
    expect(empty.code).toBe(0);
    expect(empty.stderr.trim()).toBe("No resources found in nope namespace.");
    const unknown = await sim.kubectl(["get", "foo"]);
    expect(unknown.stderr).toContain('the server doesn\'t have a resource type "foo"');
  });

  it("describe pod shows its events, found by involvedObject.uid", async () => {
    const r = await sim.kubectl(["describe", "pod", "web-bad", "-n", NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+web-bad$/m);
    expect(r.stdout).toMatch(/^Status:\s+Pending$/m);
    expect(r.stdout).toMatch(/Reason:\s+ImagePullBackOff/);
    expect(r.stdout).toMatch(/Warning\s+Failed\s+\S+\s+kubelet\s+Failed to pull image "nginx:1.27-typo": not found/);
    expect(r.stdout).toMatch(/Normal\s+BackOff\s+\S+\s+kubelet\s+Back-off pulling image "nginx:1.27-typo"/);
  });

  it("get events --sort-by=.lastTimestamp sorts on full objects (includeObject=Object)", async () => {
    const r = await sim.kubectl(["get", "events", "-n", NS, "--sort-by=.lastTimestamp", "--field-selector", "involvedObject.name=web-bad"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(rows[1]).toMatch(/Warning\s+Failed\s+pod\/web-bad/);
    expect(rows[2]).toMatch(/Normal\s+BackOff\s+pod\/web-bad/);
    const warnings = await sim.kubectl(["get", "events", "-n", NS, "--field-selector", "type=Warning", "-o", "name"]);
    expect(warnings.stdout.trim()).toBe("event/web-bad.1");
  });

  it("events.k8s.io/v1 serves the same events, converted", async () => {
    const r = await sim.kubectl(["get", "events.v1.events.k8s.io", "-n", NS, "--sort-by=.deprecatedLastTimestamp", "--field-selector", "regarding.name=web-bad"]);
    expect(r.stdout.trim().split("\n").slice(1).map((l) => l.split(/\s{2,}/)[2])).toEqual(["Failed", "BackOff"]);
    const note = await sim.kubectl(["get", "events.v1.events.k8s.io", "web-bad.1", "-n", NS, "-o", "jsonpath={.regarding.name} {.note}"]);
    expect(note.stdout).toBe('web-bad Failed to pull image "nginx:1.27-typo": not found');
  });

  it("get nodes and storage classes print their upstream columns", async () => {
    const nodes = await sim.kubectl(["get", "nodes"]);
    expect(nodes.stdout.split("\n")[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    const sc = await sim.kubectl(["get", "storageclass"]);
    expect(sc.stdout).toMatch(/^standard \(default\)\s+\S+\s+Delete\s+Immediate\s+false\s+\S+$/m);
  });
});

/**
 * Real kubectl against the sim with the controllers off, so the test owns every object: watch
 * streams, logs errors, exec's error path, rollout status driven through the status subresource, and
 * rollout history/undo over hand-made ReplicaSets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../server/src/sim/store/types.js";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-s";
const PODS = { group: "", version: "v1", resource: "pods" };
const DEPLOYMENTS = { group: "apps", version: "v1", resource: "deployments" };
const REPLICASETS = { group: "apps", version: "v1", resource: "replicasets" };
const CONFIGMAPS = { group: "", version: "v1", resource: "configmaps" };

let sim: TestSim;

function template(image: string, hash?: string) {
  const labels: Record<string, string> = { app: "frontend" };
  if (hash) labels["pod-template-hash"] = hash;
  return { metadata: { labels }, spec: { containers: [{ name: "frontend", image }] } };
}

beforeAll(async () => {
  sim = await startTestSim({ controllers: false });
  expect((await sim.kubectl(["create", "namespace", NS])).code).toBe(0);
  const { store } = sim.cluster;
  store.create(PODS, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "pulling", namespace: NS },
    spec: { containers: [{ name: "frontend", image: "nginx:typo" }] },
  });
  const p = store.get(PODS, NS, "pulling")!;
  store.update(PODS, { ...p, status: { phase: "Pending", containerStatuses: [{ name: "frontend", ready: false, restartCount: 0, image: "nginx:typo", state: { waiting: { reason: "ImagePullBackOff" } } }] } }, { subresource: "status" });
});

afterAll(async () => {
  await sim?.stop();
});

describe("kubectl get -w", () => {
  it("prints the list, then one row per change, then exits 0 when stopped", async () => {
    sim.cluster.store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "before", namespace: NS } });
    const w = await sim.kubectlStream(["get", "configmaps", "-n", NS, "-w"]);
    await w.waitFor(/^before\s+0\s+\d+s$/m);
    sim.cluster.store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "live-1", namespace: NS }, data: { a: "b" } });
    await w.waitFor(/^live-1\s+1\s+\d+s$/m);
    const cm = sim.cluster.store.get(CONFIGMAPS, NS, "live-1")!;
    sim.cluster.store.update(CONFIGMAPS, { ...cm, data: { a: "b", c: "d" } });
    const out = await w.waitFor(/^live-1\s+2\s+\d+s$/m);
    expect(out.match(/^NAME\s+DATA\s+AGE$/gm)).toHaveLength(1);
    await w.stop();
  });

  it("get NAME -w skips the synthetic ADDED and prints later changes", async () => {
    sim.cluster.store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "single", namespace: NS }, data: { k1: "1" } });
    const w = await sim.kubectlStream(["get", "configmap", "single", "-n", NS, "-w"]);
    await w.waitFor(/^single\s+1\s+/m);
    // kubectl opens its watch (resourceVersion=0) after printing the GET; a change made before that lands in
    // the synthetic ADDED it skips, as against a real cluster. So keep changing until one is printed.
    let printed = "";
    for (let keys = 2; keys < 30 && !printed; keys++) {
      const cm = sim.cluster.store.get(CONFIGMAPS, NS, "single")!;
      const data = Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i + 1}`, "1"]));
      sim.cluster.store.update(CONFIGMAPS, { ...cm, data });
      printed = await w.waitFor(new RegExp(`^single\\s+${keys}\\s+`, "m"), 1000).catch(() => "");
    }
    expect(printed).not.toBe("");
    const rows = printed.split("\n").filter((l) => l.startsWith("single"));
    expect(rows[0]).toMatch(/^single\s+1\s+/);
    // the state at watch start is never printed twice
    expect(new Set(rows).size).toBe(rows.length);
    await w.stop();
  });
});

describe("kubectl logs and exec without a node runtime", () => {
  it("logs of a waiting container is the kubelet's 400", async () => {
    const r = await sim.kubectl(["logs", "pulling", "-n", NS]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (BadRequest): container "frontend" in pod "pulling" is waiting to start: trying and failing to pull image');
    const prev = await sim.kubectl(["logs", "pulling", "-n", NS, "--previous"]);
    expect(prev.stderr.trim()).toBe('Error from server (BadRequest): previous terminated container "frontend" in pod "pulling" not found');
  });

  it("exec into a container that is not running fails on both WebSocket and SPDY attempts", async () => {
    const r = await sim.kubectl(["exec", "pulling", "-n", NS, "--", "ls"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (BadRequest): container not found ("frontend")');
    const missing = await sim.kubectl(["exec", "nope", "-n", NS, "--", "ls"]);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });
});

describe("kubectl drain", () => {
  it("cordons the node and evicts its pods through pods/eviction (protobuf body)", async () => {
    const { store } = sim.cluster;
    store.create({ group: "", version: "v1", resource: "nodes" }, { apiVersion: "v1", kind: "Node", metadata: { name: "node-x" }, status: { conditions: [{ type: "Ready", status: "True" }] } });
    store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "on-x", namespace: NS }, spec: { nodeName: "node-x", containers: [{ name: "c", image: "busybox:1.36" }] } });
    const r = await sim.kubectl(["drain", "node-x", "--force", "--grace-period=0"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("node/node-x cordoned");
    expect(r.stdout).toContain(`pod/on-x evicted`);
    expect(r.stdout).toContain("node/node-x drained");
    expect(store.get(PODS, NS, "on-x")).toBeUndefined();
    const nodes = await sim.kubectl(["get", "node", "node-x"]);
    expect(nodes.stdout).toMatch(/^node-x\s+Ready,SchedulingDisabled\s+<none>\s+/m);
  });
});

describe("kubectl rollout", () => {
  let deployUid = "";
  beforeAll(() => {
    const { store } = sim.cluster;
    const d = store.create(DEPLOYMENTS, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "frontend", namespace: NS, labels: { app: "frontend" }, annotations: { "deployment.kubernetes.io/revision": "2" } },
      spec: { replicas: 2, selector: { matchLabels: { app: "frontend" } }, template: template("nginx:1.27") },
    });
    deployUid = d.metadata.uid!;
    const rs = (name: string, hash: string, revision: string, image: string, replicas: number): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name,
        namespace: NS,
        labels: { app: "frontend", "pod-template-hash": hash },
        annotations: { "deployment.kubernetes.io/revision": revision },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "frontend", uid: deployUid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas, selector: { matchLabels: { app: "frontend", "pod-template-hash": hash } }, template: template(image, hash) },
    });
    store.create(REPLICASETS, rs("frontend-l9drgqllh8", "l9drgqllh8", "1", "nginx:1.25", 0));
    store.create(REPLICASETS, rs("frontend-7c9f6d5b8b", "7c9f6d5b8b", "2", "nginx:1.27", 2));
  });

  it("rollout status waits, then succeeds when the status subresource says so", async () => {
    const w = await sim.kubectlStream(["rollout", "status", "deployment/frontend", "-n", NS]);
    await w.waitFor("Waiting for deployment");
    const d = sim.cluster.store.get(DEPLOYMENTS, NS, "frontend")!;
    sim.cluster.store.update(DEPLOYMENTS, { ...d, status: { observedGeneration: d.metadata.generation, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } }, { subresource: "status" });
    const r = await w.exited();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment "frontend" successfully rolled out');
  });

  it("rollout status of a missing deployment is NotFound", async () => {
    const r = await sim.kubectl(["rollout", "status", "deployment/nope", "-n", NS]);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
  });

  it("rollout history lists the ReplicaSet revisions", async () => {
    const r = await sim.kubectl(["rollout", "history", "deployment/frontend", "-n", NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  });

  it("rollout undo patches the template back to the previous revision", async () => {
    const r = await sim.kubectl(["rollout", "undo", "deployment/frontend", "-n", NS]);
    expect(r.stdout.trim()).toBe("deployment.apps/frontend rolled back");
    const img = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.spec.template.spec.containers[0].image}"]);
    expect(img.stdout).toBe("nginx:1.25");
    const missing = await sim.kubectl(["rollout", "undo", "deployment/frontend", "-n", NS, "--to-revision=7"]);
    expect(missing.stderr.trim()).toBe("error: unable to find specified revision 7 in history");
  });
});

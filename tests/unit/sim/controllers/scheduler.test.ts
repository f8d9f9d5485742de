import { describe, expect, it } from "vitest";
import { NODES, PODS, PVCS } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { filterNode, fitErrorMessage, tolerates } from "../../../../server/src/sim/controllers/scheduling.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";
import { startCluster } from "./harness.js";

function pod(name: string, spec: Json = {}, ns = "team-a"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "128Mi" } } }], ...spec },
  };
}

const withMemory = (memory: string): Json => ({ containers: [{ name: "app", image: "nginx", resources: { requests: { memory } } }] });

describe("scheduler filters (pure)", () => {
  const node = (over: Json = {}): Json => ({
    metadata: { name: "node-1", labels: { "kubernetes.io/hostname": "node-1", disk: "ssd" } },
    spec: over.spec ?? {},
    status: { allocatable: { cpu: "2", memory: "4Gi", pods: "110" } },
  });
  const cases: { name: string; pod: Json; node: Json; used?: Json; want: string[] | undefined }[] = [
    { name: "fits", pod: { spec: withMemory("1Gi") }, node: node(), want: undefined },
    { name: "insufficient memory", pod: { spec: withMemory("5Gi") }, node: node(), want: ["Insufficient memory"] },
    { name: "memory used by others", pod: { spec: withMemory("1Gi") }, node: node(), used: { requests: { memory: 3.5 * 2 ** 30 * 1000 }, pods: 3 }, want: ["Insufficient memory"] },
    { name: "cpu and memory both short", pod: { spec: { containers: [{ name: "a", resources: { requests: { cpu: "3", memory: "8Gi" } } }] } }, node: node(), want: ["Insufficient cpu", "Insufficient memory"] },
    { name: "limits only count as requests", pod: { spec: { containers: [{ name: "a", resources: { limits: { memory: "6Gi" } } }] } }, node: node(), want: ["Insufficient memory"] },
    { name: "too many pods", pod: { spec: withMemory("1Mi") }, node: node(), used: { requests: {}, pods: 110 }, want: ["Too many pods"] },
    { name: "nodeSelector mismatch", pod: { spec: { ...withMemory("1Mi"), nodeSelector: { disk: "hdd" } } }, node: node(), want: ["node(s) didn't match Pod's node affinity/selector"] },
    { name: "nodeSelector match", pod: { spec: { ...withMemory("1Mi"), nodeSelector: { disk: "ssd" } } }, node: node(), want: undefined },
    {
      name: "required affinity NotIn",
      pod: { spec: { ...withMemory("1Mi"), affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "NotIn", values: ["ssd"] }] }] } } } } },
      node: node(),
      want: ["node(s) didn't match Pod's node affinity/selector"],
    },
    {
      name: "required affinity Exists",
      pod: { spec: { ...withMemory("1Mi"), affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "Exists" }] }] } } } } },
      node: node(),
      want: undefined,
    },
    { name: "untolerated taint", pod: { spec: withMemory("1Mi") }, node: node({ spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } }), want: ["node(s) had untolerated taint {dedicated: gpu}"] },
    {
      name: "tolerated taint",
      pod: { spec: { ...withMemory("1Mi"), tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] } },
      node: node({ spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } }),
      want: undefined,
    },
    { name: "PreferNoSchedule is not a filter", pod: { spec: withMemory("1Mi") }, node: node({ spec: { taints: [{ key: "x", effect: "PreferNoSchedule" }] } }), want: undefined },
    { name: "cordoned", pod: { spec: withMemory("1Mi") }, node: node({ spec: { unschedulable: true } }), want: ["node(s) were unschedulable"] },
  ];
  it.each(cases)("$name", ({ pod: p, node: n, used, want }) => {
    expect(filterNode(p, n, used)?.reasons).toEqual(want);
  });

  it("tolerations: Exists with empty key tolerates everything", () => {
    expect(tolerates([{ operator: "Exists" }], { key: "a", value: "b", effect: "NoSchedule" })).toBe(true);
    expect(tolerates([{ key: "a", operator: "Equal", value: "c" }], { key: "a", value: "b", effect: "NoSchedule" })).toBe(false);
  });

  it("FitError wording matches kube-scheduler 1.32", () => {
    const mem = { reasons: ["Insufficient memory"], unresolvable: false };
    const sel = { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
    expect(fitErrorMessage(3, [mem, mem, mem])).toBe("0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    expect(fitErrorMessage(3, [sel, sel, sel])).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(fitErrorMessage(3, [sel, mem, mem])).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(fitErrorMessage(3, [], "pod has unbound immediate PersistentVolumeClaims")).toBe(
      "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});

describe("scheduler (with store)", () => {
  it("binds a pod, sets PodScheduled and records Scheduled", () => {
    const c = startCluster({ only: ["default-scheduler"] });
    c.store.create(PODS, pod("web"));
    c.settle();
    const p = c.store.get(PODS, "team-a", "web") as Json;
    expect(p.spec.nodeName).toMatch(/^node-[123]$/);
    expect(p.status.conditions).toContainEqual(expect.objectContaining({ type: "PodScheduled", status: "True" }));
    const ev = c.events().find((e) => e.reason === "Scheduled");
    expect(ev).toMatchObject({ type: "Normal", message: `Successfully assigned team-a/web to ${p.spec.nodeName}`, source: { component: "default-scheduler" } });
  });

  it("spreads pods over nodes by free resources", () => {
    const c = startCluster({ only: ["default-scheduler"] });
    for (const n of ["a", "b", "c"]) c.store.create(PODS, pod(n));
    c.settle();
    const nodes = new Set(c.pods().map((p) => p.spec.nodeName));
    expect(nodes.size).toBe(3);
  });

  it("Insufficient memory: FailedScheduling, PodScheduled False/Unschedulable, retried when room appears", () => {
    const c = startCluster({ only: ["default-scheduler"] });
    c.store.create(PODS, pod("big", withMemory("5Gi")));
    c.settle();
    const msg = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    let p = c.store.get(PODS, "team-a", "big") as Json;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions.find((x: Json) => x.type === "PodScheduled")).toMatchObject({ status: "False", reason: "Unschedulable", message: msg });
    const failed = c.events().filter((e) => e.reason === "FailedScheduling");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: "Warning", message: msg });
    // a retry after the unschedulable flush period aggregates into the same Event
    c.settle(5 * 60_000);
    expect(c.events().filter((e) => e.reason === "FailedScheduling")[0].count).toBe(2);
    // a bigger node joins: the pod is retried at once
    const node = c.store.get(NODES, undefined, "node-3") as Json;
    node.status.allocatable.memory = "8Gi";
    c.store.update(NODES, node, { subresource: "status" });
    c.settle();
    p = c.store.get(PODS, "team-a", "big") as Json;
    expect(p.spec.nodeName).toBe("node-3");
  });

  it("nodeSelector that matches nothing", () => {
    const c = startCluster({ only: ["default-scheduler"] });
    c.store.create(PODS, pod("picky", { ...withMemory("1Mi"), nodeSelector: { "disktype": "ssd" } }));
    c.settle();
    expect(c.events().find((e) => e.reason === "FailedScheduling")?.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("waits for an unbound PVC, then schedules once it is bound", () => {
    const c = startCluster({ only: ["default-scheduler"] });
    c.store.create(PVCS, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "team-a" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } }, status: { phase: "Pending" } } as KubeObject);
    c.store.create(PODS, pod("db", { ...withMemory("1Mi"), volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] }));
    c.settle();
    expect(c.events().find((e) => e.reason === "FailedScheduling")?.message).toBe(
      "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    const pvc = c.store.get(PVCS, "team-a", "data") as Json;
    c.store.update(PVCS, { ...pvc, status: { phase: "Bound" } }, { subresource: "status" });
    c.settle();
    expect((c.store.get(PODS, "team-a", "db") as Json).spec.nodeName).toBeDefined();
  });
});

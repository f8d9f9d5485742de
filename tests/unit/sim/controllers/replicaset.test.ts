import { describe, expect, it } from "vitest";
import { PODS, REPLICA_SETS } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { compareForDeletion } from "../../../../server/src/sim/controllers/pod-util.js";
import { replicaSetStatus } from "../../../../server/src/sim/controllers/replicaset.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";
import { startCluster } from "./harness.js";

const rs = (replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web-5d8f7c9b6d", namespace: "team-a", labels: { app: "web" } },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
});

describe("replicaset controller", () => {
  it("creates <rs>-<5 chars> pods owned by the ReplicaSet, and replaces a deleted one", () => {
    const c = startCluster({ only: ["replicaset-controller"] });
    c.store.create(REPLICA_SETS, rs(3));
    c.settle();
    const pods = c.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-5d8f7c9b6d-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "ReplicaSet", name: "web-5d8f7c9b6d", controller: true, blockOwnerDeletion: true })]);
      expect(p.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
    }
    c.store.delete(PODS, "team-a", pods[0].metadata.name);
    c.settle();
    expect(c.pods()).toHaveLength(3);
    expect(c.events().filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(4);
  });

  it("scales down not-ready pods first and records SuccessfulDelete", () => {
    const c = startCluster({ only: ["replicaset-controller"] });
    c.store.create(REPLICA_SETS, rs(3));
    c.settle();
    const [a, b] = c.pods();
    c.markReady((p) => p.metadata.name === a.metadata.name || p.metadata.name === b.metadata.name);
    c.settle();
    const r = c.store.get(REPLICA_SETS, "team-a", "web-5d8f7c9b6d") as Json;
    expect(r.status).toMatchObject({ replicas: 3, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 3, observedGeneration: 1 });
    r.spec.replicas = 2;
    c.store.update(REPLICA_SETS, r);
    c.settle();
    expect(c.pods().map((p) => p.metadata.name).sort()).toEqual([a.metadata.name, b.metadata.name].sort());
    expect(c.events().some((e) => e.reason === "SuccessfulDelete" && e.message.startsWith("Deleted pod: "))).toBe(true);
  });

  it("adopts a matching orphan pod instead of creating one", () => {
    const c = startCluster({ only: ["replicaset-controller"] });
    c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", namespace: "team-a", labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } });
    c.store.create(REPLICA_SETS, rs(1));
    c.settle();
    expect(c.pods().map((p) => p.metadata.name)).toEqual(["stray"]);
    expect(c.pods()[0].metadata.ownerReferences[0].name).toBe("web-5d8f7c9b6d");
  });

  it("deletion order: unscheduled < pending < not ready < ready, newer first", () => {
    const mk = (name: string, o: Json): Json => ({ metadata: { name, creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" }, spec: { nodeName: o.node }, status: { phase: o.phase, conditions: o.ready ? [{ type: "Ready", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }] : [] } });
    const pods = [
      mk("ready-old", { node: "n", phase: "Running", ready: true }),
      mk("ready-new", { node: "n", phase: "Running", ready: true, created: "2026-01-01T00:05:00Z" }),
      mk("running-unready", { node: "n", phase: "Running" }),
      mk("pending", { node: "n", phase: "Pending" }),
      mk("unscheduled", { phase: "Pending" }),
    ];
    expect([...pods].sort(compareForDeletion).map((p) => p.metadata.name)).toEqual(["unscheduled", "pending", "running-unready", "ready-new", "ready-old"]);
  });

  it("status keeps ReplicaFailure's transition time while the failure repeats", () => {
    const r: Json = { metadata: { generation: 1 }, spec: { replicas: 1 }, status: { conditions: [{ type: "ReplicaFailure", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FailedCreate", message: "m" }] } };
    expect(replicaSetStatus(r, [], Date.UTC(2026, 0, 2), { reason: "FailedCreate", message: "m" }).conditions[0].lastTransitionTime).toBe("2026-01-01T00:00:00Z");
    expect(replicaSetStatus(r, [], Date.UTC(2026, 0, 2), undefined).conditions).toBeUndefined();
  });
});

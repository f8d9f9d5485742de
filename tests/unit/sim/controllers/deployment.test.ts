import { describe, expect, it } from "vitest";
import { DEPLOYMENTS } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { makeDeployment, startCluster, type Cluster } from "./harness.js";

const REV = "deployment.kubernetes.io/revision";

function setImage(c: Cluster, name: string, image: string): void {
  const d = c.deployment(name);
  d.spec.template.spec.containers[0].image = image;
  c.store.update(DEPLOYMENTS, d);
}

/** [new RS replicas, sum of old RS replicas] */
function split(c: Cluster, name: string): [number, number] {
  const d = c.deployment(name);
  const rev = d.metadata.annotations[REV];
  let fresh = 0;
  let old = 0;
  for (const rs of c.replicaSets()) {
    if (rs.metadata.annotations[REV] === rev) fresh += rs.spec.replicas;
    else old += rs.spec.replicas;
  }
  return [fresh, old];
}

describe("deployment controller", () => {
  it("creates a ReplicaSet with a template hash name, revision 1 and a ScalingReplicaSet event", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    const [rs] = c.replicaSets();
    expect(rs.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    const hash = rs.metadata.labels["pod-template-hash"];
    expect(rs.metadata.name).toBe(`frontend-${hash}`);
    expect(rs.metadata.annotations).toMatchObject({ [REV]: "1", "deployment.kubernetes.io/desired-replicas": "2", "deployment.kubernetes.io/max-replicas": "3" });
    expect(rs.metadata.ownerReferences[0]).toMatchObject({ kind: "Deployment", name: "frontend", controller: true });
    expect(rs.spec.selector.matchLabels).toEqual({ app: "frontend", "pod-template-hash": hash });
    const pods = c.pods();
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: "frontend", "pod-template-hash": hash });
    }
    const d = c.deployment("frontend");
    expect(d.metadata.annotations[REV]).toBe("1");
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(d.status.conditions.map((x: Json) => [x.type, x.status, x.reason])).toEqual([
      ["Available", "False", "MinimumReplicasUnavailable"],
      ["Progressing", "True", "ReplicaSetUpdated"],
    ]);
    const msgs = c.events().map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toContain(`ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} from 0 to 2`);
    expect(msgs.filter((m) => m.startsWith("SuccessfulCreate: Created pod: "))).toHaveLength(2);

    c.markReady();
    c.settle();
    const done = c.deployment("frontend");
    expect(done.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(done.status.unavailableReplicas).toBeUndefined();
    expect(done.status.conditions.map((x: Json) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
      ["Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
  });

  // Each step: settle, record [new, old] replica counts, then mark every pod ready.
  const rollingCases: { name: string; replicas: number; strategy?: Json; steps: [number, number][] }[] = [
    { name: "defaults 25%/25% on 3 replicas (surge 1, unavailable 0)", replicas: 3, steps: [[1, 3], [2, 2], [3, 1], [3, 0]] },
    { name: "maxSurge 0, maxUnavailable 1 on 4", replicas: 4, strategy: { maxSurge: 0, maxUnavailable: 1 }, steps: [[1, 3], [2, 2], [3, 1], [4, 0]] },
    { name: "50%/50% on 4 (surge 2, unavailable 2)", replicas: 4, strategy: { maxSurge: "50%", maxUnavailable: "50%" }, steps: [[4, 2], [4, 0]] },
    { name: "maxSurge 2, maxUnavailable 0 on 5", replicas: 5, strategy: { maxSurge: 2, maxUnavailable: 0 }, steps: [[2, 5], [4, 3], [5, 1], [5, 0]] },
    { name: "30% surge rounds up, 30% unavailable rounds down, on 10 (3, 3)", replicas: 10, strategy: { maxSurge: "30%", maxUnavailable: "30%" }, steps: [[6, 7], [10, 1], [10, 0]] },
  ];
  it.each(rollingCases)("rolling update: $name", ({ replicas, strategy, steps }) => {
    const c = startCluster({ nodes: [] });
    c.store.create(DEPLOYMENTS, makeDeployment("web", { replicas, strategy: strategy ? { type: "RollingUpdate", rollingUpdate: strategy } : undefined }));
    c.settle();
    c.markReady();
    c.settle();
    expect(split(c, "web")).toEqual([replicas, 0]);
    setImage(c, "web", "nginx:1.27");
    const seen: [number, number][] = [];
    for (let i = 0; i < steps.length + 3; i++) {
      c.settle();
      const s = split(c, "web");
      if (seen.length === 0 || seen.at(-1)!.join() !== s.join()) seen.push(s);
      c.markReady();
    }
    expect(seen).toEqual(steps);
    const d = c.deployment("web");
    expect(d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 2 });
    expect(c.pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(replicas);
  });

  it("Recreate scales old to zero before creating the new ReplicaSet", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("db", { replicas: 2, strategy: { type: "Recreate" } }));
    c.settle();
    c.markReady();
    c.settle();
    setImage(c, "db", "postgres:17");
    c.settle();
    // old pods are scheduled, so they terminate gracefully (30 s) before the new ReplicaSet appears
    expect(c.replicaSets()).toHaveLength(1);
    expect(c.replicaSets()[0].spec.replicas).toBe(0);
    c.settle(30_000);
    expect(split(c, "db")).toEqual([2, 0]);
    const reasons = c.events().filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message);
    expect(reasons[1]).toMatch(/^Scaled down replica set db-\w+ from 2 to 0$/);
    expect(reasons[2]).toMatch(/^Scaled up replica set db-\w+ from 0 to 2$/);
  });

  it("rollback reuses the old ReplicaSet with revision max+1 and keeps revision-history", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1, annotations: { "kubernetes.io/change-cause": "v1" } }));
    c.settle();
    c.markReady();
    c.settle();
    const first = c.replicaSets()[0].metadata.name;
    let d = c.deployment("frontend");
    d.metadata.annotations["kubernetes.io/change-cause"] = "v2";
    d.spec.template.spec.containers[0].image = "nginx:bad";
    c.store.update(DEPLOYMENTS, d);
    for (let i = 0; i < 4; i++) {
      c.settle();
      c.markReady();
    }
    expect(c.replicaSets()).toHaveLength(2);
    expect(c.deployment("frontend").metadata.annotations[REV]).toBe("2");
    // kubectl rollout undo: copy the old template (minus pod-template-hash) back
    const old = c.replicaSets().find((rs) => rs.metadata.name === first)!;
    d = c.deployment("frontend");
    const template = structuredClone(old.spec.template);
    delete template.metadata.labels["pod-template-hash"];
    template.metadata.creationTimestamp = null; // what kubectl's JSON patch carries
    d.spec.template = template;
    d.metadata.annotations["kubernetes.io/change-cause"] = "undo";
    c.store.update(DEPLOYMENTS, d);
    for (let i = 0; i < 4; i++) {
      c.settle();
      c.markReady();
    }
    const rss = c.replicaSets();
    expect(rss).toHaveLength(2);
    const reused = rss.find((rs) => rs.metadata.name === first)!;
    expect(reused.metadata.annotations).toMatchObject({ [REV]: "3", "deployment.kubernetes.io/revision-history": "1", "kubernetes.io/change-cause": "undo" });
    expect(reused.spec.replicas).toBe(1);
    expect(c.deployment("frontend").metadata.annotations[REV]).toBe("3");
    expect(rss.find((rs) => rs.metadata.name !== first)!.spec.replicas).toBe(0);
  });

  it("reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2, spec: { progressDeadlineSeconds: 60 } }));
    c.settle();
    c.markReady();
    c.settle();
    setImage(c, "frontend", "nginx:1.27-typo");
    c.settle();
    const progressing = () => c.deployment("frontend").status.conditions.find((x: Json) => x.type === "Progressing");
    expect(progressing().reason).toBe("ReplicaSetUpdated");
    c.settle(59_000);
    expect(progressing().reason).toBe("ReplicaSetUpdated");
    c.settle(3_000);
    const cond = progressing();
    const newRs = c.replicaSets().find((rs) => rs.metadata.annotations[REV] === "2")!;
    expect(cond).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${newRs.metadata.name}" has timed out progressing.` });
    // still serving from the old ReplicaSet
    expect(c.deployment("frontend").status.conditions.find((x: Json) => x.type === "Available").status).toBe("True");
  });

  it("scales the active ReplicaSet on a replicas change and records the new desired annotation", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    const d = c.deployment("frontend");
    d.spec.replicas = 5;
    c.store.update(DEPLOYMENTS, d);
    c.settle();
    const [rs] = c.replicaSets();
    expect(rs.spec.replicas).toBe(5);
    expect(rs.metadata.annotations["deployment.kubernetes.io/desired-replicas"]).toBe("5");
    expect(c.pods()).toHaveLength(5);
    expect(c.events().some((e) => e.message === `Scaled up replica set ${rs.metadata.name} from 2 to 5`)).toBe(true);
  });

  it("a paused deployment does not roll out until resumed", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1 }));
    c.settle();
    let d = c.deployment("frontend");
    d.spec.paused = true;
    d.spec.template.spec.containers[0].image = "nginx:2";
    c.store.update(DEPLOYMENTS, d);
    c.settle();
    expect(c.replicaSets()).toHaveLength(1);
    expect(c.deployment("frontend").status.conditions.find((x: Json) => x.type === "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused" });
    d = c.deployment("frontend");
    d.spec.paused = false;
    c.store.update(DEPLOYMENTS, d);
    c.settle();
    expect(c.replicaSets()).toHaveLength(2);
  });

  it("minReadySeconds delays availability on the clock", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1, spec: { minReadySeconds: 10 } }));
    c.settle();
    c.markReady();
    c.settle();
    expect(c.deployment("frontend").status.availableReplicas).toBeUndefined();
    c.settle(10_000);
    expect(c.deployment("frontend").status.availableReplicas).toBe(1);
  });

  it("revisionHistoryLimit deletes the oldest scaled-down ReplicaSets", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1, spec: { revisionHistoryLimit: 1 } }));
    for (const tag of ["2", "3", "4"]) {
      c.settle();
      c.markReady();
      c.settle();
      setImage(c, "frontend", `nginx:${tag}`);
      for (let i = 0; i < 4; i++) {
        c.settle();
        c.markReady();
      }
    }
    const revs = c.replicaSets().map((rs) => rs.metadata.annotations[REV]).sort();
    expect(revs).toEqual(["3", "4"]);
  });
});

import { describe, expect, it } from "vitest";
import { DAEMON_SETS, NODES, PODS, PVCS, PVS, STATEFUL_SETS, STORAGE_CLASSES } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";
import { startCluster } from "./harness.js";

const pvc = (name: string, spec: Json = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "team-a" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  status: { phase: "Pending" },
});

describe("persistent volume binder", () => {
  it("provisions pvc-<uid> for a known StorageClass and binds", () => {
    const c = startCluster({ only: ["persistentvolume-controller"] });
    c.store.create(PVCS, pvc("postgres-data", { storageClassName: "standard" }));
    c.settle();
    const claim = c.store.get(PVCS, "team-a", "postgres-data") as Json;
    expect(claim.status).toMatchObject({ phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] });
    expect(claim.spec.volumeName).toBe(`pvc-${claim.metadata.uid}`);
    expect(claim.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path" });
    const pv = c.store.get(PVS, undefined, claim.spec.volumeName) as Json;
    expect(pv).toMatchObject({ spec: { storageClassName: "standard", persistentVolumeReclaimPolicy: "Delete", claimRef: { name: "postgres-data", uid: claim.metadata.uid } }, status: { phase: "Bound" } });
    expect(c.events().map((e) => e.reason)).toEqual(expect.arrayContaining(["ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]));
    // deleting the claim deletes a Delete-policy volume
    c.store.delete(PVCS, "team-a", "postgres-data");
    c.settle();
    expect(c.store.get(PVS, undefined, pv.metadata.name)).toBeUndefined();
  });

  it("binds to the smallest matching pre-created volume", () => {
    const c = startCluster({ only: ["persistentvolume-controller"] });
    const mk = (name: string, size: string, cls = "manual"): KubeObject => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec: { capacity: { storage: size }, accessModes: ["ReadWriteOnce"], storageClassName: cls, hostPath: { path: "/x" } }, status: { phase: "Available" } });
    c.store.create(PVS, mk("big", "10Gi"));
    c.store.create(PVS, mk("small", "2Gi"));
    c.store.create(PVS, mk("tiny", "500Mi"));
    c.store.create(PVS, mk("other-class", "1Gi", "slow"));
    c.store.create(PVCS, pvc("data", { storageClassName: "manual" }));
    c.settle();
    expect((c.store.get(PVCS, "team-a", "data") as Json).spec.volumeName).toBe("small");
  });

  it("unknown StorageClass stays Pending with ProvisioningFailed, repeated on resync", () => {
    const c = startCluster({ only: ["persistentvolume-controller"] });
    c.store.create(PVCS, pvc("data", { storageClassName: "fast-ssd" }));
    c.settle();
    expect((c.store.get(PVCS, "team-a", "data") as Json).status.phase).toBe("Pending");
    const ev = () => c.events().find((e) => e.reason === "ProvisioningFailed");
    expect(ev()).toMatchObject({ type: "Warning", message: 'storageclass.storage.k8s.io "fast-ssd" not found', source: { component: "persistentvolume-controller" } });
    c.settle(60_000);
    expect(ev().count).toBe(5);
    // creating the class fixes it
    c.store.create(STORAGE_CLASSES, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast-ssd" }, provisioner: "rancher.io/local-path" } as KubeObject);
    c.settle();
    expect((c.store.get(PVCS, "team-a", "data") as Json).status.phase).toBe("Bound");
  });

  it("no class and no volume: FailedBinding", () => {
    const c = startCluster({ only: ["persistentvolume-controller"] });
    c.store.create(PVCS, pvc("data", { storageClassName: "" }));
    c.settle();
    expect(c.events().find((e) => e.reason === "FailedBinding")).toMatchObject({ type: "Normal", message: "no persistent volumes available for this claim and no storage class is set" });
  });
});

describe("pvc protection", () => {
  it("a deleted claim stays Terminating while a pod uses it", () => {
    const c = startCluster({ only: ["pvc-protection-controller"] });
    const created = c.store.create(PVCS, pvc("data")) as Json;
    expect(created.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "db", namespace: "team-a" }, spec: { containers: [{ name: "db", image: "postgres" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } });
    c.store.delete(PVCS, "team-a", "data");
    c.settle();
    expect((c.store.get(PVCS, "team-a", "data") as Json).metadata.deletionTimestamp).toBeDefined();
    c.store.delete(PODS, "team-a", "db");
    c.settle();
    expect(c.store.get(PVCS, "team-a", "data")).toBeUndefined();
  });
});

describe("statefulset", () => {
  it("creates ordered pods and claims, the next only when the previous is Ready", () => {
    const c = startCluster();
    c.store.create(STATEFUL_SETS, {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db", namespace: "team-a" },
      spec: {
        replicas: 3,
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres:16" }] } },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "1Gi" } } } }],
      },
    } as KubeObject);
    c.settle();
    expect(c.pods().map((p) => p.metadata.name)).toEqual(["db-0"]);
    expect((c.store.get(PVCS, "team-a", "data-db-0") as Json).status.phase).toBe("Bound");
    const p0 = c.pods()[0];
    expect(p0.spec.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } });
    expect(p0.spec.nodeName).toBeDefined();
    for (let i = 1; i <= 3; i++) {
      c.markReady();
      c.settle();
      expect(c.pods()).toHaveLength(Math.min(3, i + 1));
    }
    const sts = c.store.get(STATEFUL_SETS, "team-a", "db") as Json;
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(c.events().map((e) => e.message)).toContain("create Claim data-db-1 Pod db-1 in StatefulSet db success");
    // scale down removes the highest ordinal
    sts.spec.replicas = 2;
    c.store.update(STATEFUL_SETS, sts);
    c.settle(31_000);
    expect(c.pods().map((p) => p.metadata.name)).toEqual(["db-0", "db-1"]);
  });
});

describe("daemonset", () => {
  it("runs one pod per schedulable node, honouring taints and nodeSelector", () => {
    const c = startCluster({
      nodes: [{ name: "node-1" }, { name: "node-2", taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }, { name: "node-3", labels: { disk: "ssd" } }],
    });
    c.store.create(DAEMON_SETS, {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "team-a" },
      spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "a", image: "busybox" }] } } },
    } as KubeObject);
    c.settle();
    expect(c.pods().map((p) => p.spec.nodeName).sort()).toEqual(["node-1", "node-3"]);
    const ds = c.store.get(DAEMON_SETS, "team-a", "agent") as Json;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0 });
    // a node selector narrows it to node-3
    ds.spec.template.spec.nodeSelector = { disk: "ssd" };
    c.store.update(DAEMON_SETS, ds);
    c.settle(31_000);
    expect(c.pods().map((p) => p.spec.nodeName)).toEqual(["node-3"]);
    // a new node joins
    const n = c.store.get(NODES, undefined, "node-1") as Json;
    n.metadata.labels.disk = "ssd";
    c.store.update(NODES, n);
    c.settle();
    expect(c.pods().map((p) => p.spec.nodeName).sort()).toEqual(["node-1", "node-3"]);
  });
});

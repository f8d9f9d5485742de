import { describe, expect, it } from "vitest";
import { CONFIG_MAPS, DEPLOYMENTS, INGRESS_CLASSES, NAMESPACES, NODES, PODS, REPLICA_SETS, SERVICE_ACCOUNTS, SERVICES, STORAGE_CLASSES } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { makeDeployment, startCluster } from "./harness.js";

describe("bootstrap and service accounts", () => {
  it("creates system namespaces, nodes, the kubernetes service, StorageClass standard, IngressClass nginx", () => {
    const c = startCluster({ namespaces: [] });
    expect(c.store.list(NAMESPACES).items.map((n) => n.metadata.name).sort()).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const nodes = c.store.list(NODES).items as Json[];
    expect(nodes.map((n) => n.metadata.name)).toEqual(["node-1", "node-2", "node-3"]);
    expect(nodes[0].status).toMatchObject({ allocatable: { cpu: "2", memory: "4Gi", pods: "110" }, nodeInfo: { kubeletVersion: "v1.32.4" } });
    expect(nodes[0].status.conditions.find((x: Json) => x.type === "Ready")).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(nodes[0].metadata.labels).toMatchObject({ "kubernetes.io/hostname": "node-1", "node-role.kubernetes.io/worker": "" });
    expect((c.store.get(SERVICES, "default", "kubernetes") as Json).spec.clusterIP).toBe("10.96.0.1");
    expect((c.store.get(STORAGE_CLASSES, undefined, "standard") as Json)).toMatchObject({ provisioner: "rancher.io/local-path", volumeBindingMode: "Immediate", metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } });
    expect(c.store.get(INGRESS_CLASSES, undefined, "nginx")).toBeDefined();
    for (const ns of ["default", "kube-system"]) expect(c.store.get(SERVICE_ACCOUNTS, ns, "default")).toBeDefined();
  });

  it("gives a new namespace its default ServiceAccount and kube-root-ca.crt, and recreates them", () => {
    const c = startCluster();
    expect(c.store.get(SERVICE_ACCOUNTS, "team-a", "default")).toBeDefined();
    expect(c.store.get(CONFIG_MAPS, "team-a", "kube-root-ca.crt")).toBeDefined();
    c.store.delete(SERVICE_ACCOUNTS, "team-a", "default");
    c.settle();
    expect(c.store.get(SERVICE_ACCOUNTS, "team-a", "default")).toBeDefined();
  });

  it("honours configured nodes", () => {
    const c = startCluster({ nodes: [{ name: "big", cpu: "8", memory: "32Gi", taints: [{ key: "gpu", effect: "NoSchedule" }] }] });
    const [n] = c.store.list(NODES).items as Json[];
    expect(n.metadata.name).toBe("big");
    expect(n.status.allocatable).toMatchObject({ cpu: "8", memory: "32Gi" });
    expect(n.spec.taints).toEqual([{ key: "gpu", effect: "NoSchedule" }]);
  });
});

describe("namespace lifecycle", () => {
  it("delete → Terminating, content removed (pods gracefully), then the namespace goes; creates are refused meanwhile", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    c.markReady();
    c.settle();
    expect(c.pods()).toHaveLength(2);
    c.store.delete(NAMESPACES, undefined, "team-a");
    let ns = c.store.get(NAMESPACES, undefined, "team-a") as Json;
    expect(ns.metadata.deletionTimestamp).toBeDefined();
    expect(ns.status.phase).toBe("Terminating");
    let err: Json;
    try {
      c.store.create(CONFIG_MAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "team-a" } });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 403, message: 'configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated' });
    c.settle();
    expect(c.store.list(DEPLOYMENTS, { namespace: "team-a" }).items).toHaveLength(0);
    expect(c.store.list(REPLICA_SETS, { namespace: "team-a" }).items).toHaveLength(0);
    // scheduled pods take their grace period
    ns = c.store.get(NAMESPACES, undefined, "team-a") as Json;
    expect(ns.status.conditions.find((x: Json) => x.type === "NamespaceContentRemaining")).toMatchObject({ status: "True", message: expect.stringContaining("pods has 2 resource instances") });
    c.settle(31_000);
    expect(c.store.get(NAMESPACES, undefined, "team-a")).toBeUndefined();
    expect(c.store.list(PODS, { namespace: "team-a" }).items).toHaveLength(0);
  });
});

describe("garbage collector", () => {
  it("background: deleting a Deployment removes its ReplicaSets and then their pods", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    c.store.delete(DEPLOYMENTS, "team-a", "frontend");
    c.settle();
    expect(c.replicaSets()).toHaveLength(0);
    expect(c.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);
    c.settle(30_000);
    expect(c.pods()).toHaveLength(0);
  });

  it("orphan: dependents stay and lose the owner reference", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1 }));
    c.settle();
    c.store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Orphan" });
    c.settle();
    const [rs] = c.replicaSets();
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(c.pods()).toHaveLength(1);
  });

  it("a Deployment recreated after an orphaning delete adopts its old ReplicaSet", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    const before = c.pods().map((p) => p.metadata.name).sort();
    c.store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Orphan" });
    c.settle();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 2 }));
    c.settle();
    expect(c.replicaSets()).toHaveLength(1);
    expect(c.replicaSets()[0].metadata.ownerReferences[0].uid).toBe(c.deployment("frontend").metadata.uid);
    expect(c.pods().map((p) => p.metadata.name).sort()).toEqual(before);
  });

  it("foreground: the owner waits with foregroundDeletion until dependents are gone", () => {
    const c = startCluster();
    c.store.create(DEPLOYMENTS, makeDeployment("frontend", { replicas: 1 }));
    c.settle();
    c.store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Foreground" });
    c.settle();
    const d = c.deployment("frontend");
    expect(d?.metadata.finalizers).toContain("foregroundDeletion");
    c.settle(31_000);
    expect(c.deployment("frontend")).toBeUndefined();
    expect(c.pods()).toHaveLength(0);
  });
});

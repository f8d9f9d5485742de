/**
 * kube/ against the real sim over HTTPS (client-node, the same path a real cluster gets):
 * provisioning and its fences, scenario mutations, namespace watches that survive disconnects
 * and 410s, teardown and game cleanup.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "@kubernetes/client-node";
import { kubectl } from "../../helpers/kubectl.js";
import { startTestSim, type TestSim } from "../../helpers/sim.js";
import { Cluster, type NamespaceWatchEvent } from "../../../server/src/kube/index.js";
import { RealClock, silentLogger } from "../../../server/src/core/index.js";
import { loadImageCatalog } from "../../../server/src/scenarios/image-catalog.js";
import { startSimCluster } from "../../../server/src/sim/index.js";

let sim: TestSim;
let cluster: Cluster;
const GAME = { code: "KUBE7" };

const CONFIGMAPS = { group: "", version: "v1", resource: "configmaps" };
const DEPLOY = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", name });

async function until<T>(fn: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  sim = await startTestSim();
  cluster = Cluster.fromKubeconfigYaml(sim.cluster.adminKubeconfig(), { scenariosDir: "scenarios" });
});

afterAll(async () => {
  cluster?.close();
  await sim?.stop();
});

describe("provisionTeam", () => {
  let ns: string;

  beforeAll(async () => {
    ({ namespace: ns } = await cluster.provisionTeam(GAME, { id: "t-orion", slug: "orion" }, { waitForHealthy: false }));
  });

  it("creates a labelled namespace with the player's fences and the baseline app", async () => {
    expect(ns).toBe("fd-kube7-orion");
    const nsObj = await cluster.get("", { apiVersion: "v1", kind: "Namespace", name: ns });
    expect(nsObj?.metadata?.labels).toMatchObject({ "firedrill.io/game": "kube7", "firedrill.io/team": "orion", "firedrill.io/team-id": "t-orion" });
    for (const [apiVersion, kind, name] of [
      ["v1", "ServiceAccount", "player"],
      ["rbac.authorization.k8s.io/v1", "Role", "firedrill-player"],
      ["rbac.authorization.k8s.io/v1", "RoleBinding", "firedrill-player"],
      ["v1", "ResourceQuota", "firedrill-team-quota"],
      ["v1", "LimitRange", "firedrill-team-limits"],
      ["networking.k8s.io/v1", "NetworkPolicy", "firedrill-deny-other-namespaces"],
      ["apps/v1", "Deployment", "frontend"],
      ["apps/v1", "Deployment", "backend"],
      ["apps/v1", "Deployment", "postgres"],
      ["v1", "Service", "postgres"],
      ["v1", "ConfigMap", "backend-config"],
      ["v1", "Secret", "postgres-credentials"],
      ["networking.k8s.io/v1", "Ingress", "taskmaster"],
    ] as const) {
      const obj = await cluster.get(ns, { apiVersion, kind, name });
      expect(obj, `${kind}/${name}`).toBeDefined();
    }
    const crb = await cluster.get("", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: `firedrill:player:${ns}` });
    expect(crb).toBeDefined();
  });

  it("the player identity can fix workloads but not touch RBAC (checked by the sim's RBAC)", async () => {
    const asPlayer = await sim.impersonatingKubeconfig(`system:serviceaccount:${ns}:player`);
    const can = (...args: string[]) => kubectl(["auth", "can-i", ...args, "-n", ns], { kubeconfig: asPlayer });
    expect((await can("patch", "deployments")).stdout.trim()).toBe("yes");
    expect((await can("create", "pods/exec")).stdout.trim()).toBe("yes");
    expect((await can("get", "pods/log")).stdout.trim()).toBe("yes");
    expect((await can("create", "rolebindings")).stdout.trim()).toBe("no");
    expect((await can("bind", "clusterroles")).stdout.trim()).toBe("no");
    expect((await can("escalate", "roles")).stdout.trim()).toBe("no");
    expect((await can("patch", "resourcequotas")).stdout.trim()).toBe("no");
    expect((await can("delete", "namespaces")).stdout.trim()).toBe("no");
  });

  it("is idempotent for the same team and refuses a namespace owned by someone else", async () => {
    await expect(cluster.provisionTeam(GAME, { id: "t-orion", slug: "orion" }, { waitForHealthy: false })).resolves.toEqual({ namespace: ns });
    await expect(cluster.provisionTeam(GAME, { id: "t-imposter", slug: "orion" }, { waitForHealthy: false })).rejects.toThrow(/belongs to someone else/);
  });
});

describe("scenario mutations", () => {
  let ns: string;
  beforeAll(async () => {
    ({ namespace: ns } = await cluster.provisionTeam(GAME, { id: "t-mut", slug: "mutations" }, { waitForHealthy: false }));
  });

  it("patches with strategic, merge and json patches", async () => {
    const image = (d: KubernetesObject | undefined) =>
      (d as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image;
    await cluster.patch(ns, DEPLOY("frontend"), { spec: { template: { spec: { containers: [{ name: "frontend", image: "ghcr.io/firedrill-game/taskmaster-frontend:9.9" }] } } } }, "strategic");
    expect(image(await cluster.get(ns, DEPLOY("frontend")))).toBe("ghcr.io/firedrill-game/taskmaster-frontend:9.9");
    await cluster.patch(ns, DEPLOY("frontend"), [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "ghcr.io/firedrill-game/taskmaster-frontend:1.0" }], "json");
    expect(image(await cluster.get(ns, DEPLOY("frontend")))).toBe("ghcr.io/firedrill-game/taskmaster-frontend:1.0");
    await cluster.patch(ns, { apiVersion: "v1", kind: "ConfigMap", name: "backend-config" }, { data: { LOG_LEVEL: "debug" } }, "merge");
    const cm = (await cluster.get(ns, { apiVersion: "v1", kind: "ConfigMap", name: "backend-config" })) as unknown as { data: Record<string, string> };
    expect(cm.data).toMatchObject({ LOG_LEVEL: "debug", DB_HOST: "postgres" });
  });

  it("applies (create, then patch an existing object), scales and deletes", async () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "extra" }, data: { a: "1" } } as KubernetesObject;
    await cluster.apply(ns, cm);
    await cluster.apply(ns, { ...cm, data: { a: "2", b: "3" } } as KubernetesObject);
    expect(((await cluster.get(ns, { apiVersion: "v1", kind: "ConfigMap", name: "extra" })) as unknown as { data: object }).data).toEqual({ a: "2", b: "3" });
    await cluster.scale(ns, DEPLOY("backend"), 0);
    expect(((await cluster.get(ns, DEPLOY("backend"))) as unknown as { spec: { replicas: number } }).spec.replicas).toBe(0);
    await expect(cluster.scale(ns, DEPLOY("backend"), -1)).rejects.toThrow(/invalid replica/);
    expect(await cluster.delete(ns, { apiVersion: "v1", kind: "ConfigMap", name: "extra" })).toBe(true);
    expect(await cluster.delete(ns, { apiVersion: "v1", kind: "ConfigMap", name: "extra" })).toBe(false);
    expect(await cluster.get(ns, { apiVersion: "v1", kind: "ConfigMap", name: "extra" })).toBeUndefined();
  });

  it("surfaces API errors with their status", async () => {
    await expect(cluster.patch(ns, DEPLOY("nope"), { spec: {} })).rejects.toMatchObject({ status: 404 });
  });
});

describe("watchNamespace", () => {
  let ns: string;
  const events: NamespaceWatchEvent[] = [];

  beforeAll(async () => {
    ({ namespace: ns } = await cluster.provisionTeam(GAME, { id: "t-watch", slug: "watcher" }, { waitForHealthy: false }));
    await cluster.watchNamespace(ns, undefined, (e) => events.push(e));
  });

  it("keeps a snapshot keyed by name, for every kind the engine evaluates", () => {
    const snap = cluster.getSnapshot(ns)!;
    expect(Object.keys(snap).sort()).toEqual(
      ["configmaps", "deployments", "endpoints", "events", "ingresses", "networkpolicies", "persistentvolumeclaims", "pods",
        "replicasets", "resourcequotas", "secrets", "serviceaccounts", "services"].sort(),
    );
    expect(snap.resourcequotas["firedrill-team-quota"]).toBeDefined();
    expect(snap.serviceaccounts.player).toBeDefined();
    expect(Object.keys(snap.deployments).sort()).toEqual(["backend", "frontend", "postgres"]);
    expect(snap.services.postgres?.kind).toBe("Service");
    expect(snap.networkpolicies["firedrill-deny-other-namespaces"]).toBeDefined();
    expect(cluster.getSnapshot("fd-not-watched")).toBeUndefined();
  });

  it("sees changes as they happen", async () => {
    await cluster.apply(ns, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "live" }, data: { x: "1" } } as KubernetesObject);
    await until(() => cluster.getSnapshot(ns)!.configmaps.live, "live configmap");
    expect(events.some((e) => e.kind === "configmaps" && e.type === "ADDED" && e.object.metadata?.name === "live")).toBe(true);
    await cluster.delete(ns, { apiVersion: "v1", kind: "ConfigMap", name: "live" });
    await until(() => !cluster.getSnapshot(ns)!.configmaps.live, "live configmap gone");
  });

  it("resumes from its last resourceVersion after a disconnect, without re-listing", async () => {
    const w = cluster.namespaceWatch(ns)!.watcher("configmaps")!;
    const lists = w.listCount;
    const watches = w.watchCount;
    w.disconnect();
    // changed while disconnected: must arrive through the resumed watch's replay
    sim.cluster.store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "during-gap", namespace: ns }, data: {} });
    await until(() => cluster.getSnapshot(ns)!.configmaps["during-gap"], "configmap created during the gap");
    expect(w.watchCount).toBeGreaterThan(watches);
    expect(w.listCount).toBe(lists);
  });

  it("re-lists after 410 Gone when its resourceVersion fell out of the server's history", async () => {
    const w = cluster.namespaceWatch(ns)!.watcher("configmaps")!;
    const lists = w.listCount;
    w.disconnect();
    sim.cluster.store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "before-flood", namespace: ns }, data: {} });
    sim.cluster.store.delete(CONFIGMAPS, ns, "during-gap");
    // push more changes than the sim's watch history keeps, in another namespace
    const flood = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flood", namespace: "default" }, data: { n: "0" } };
    sim.cluster.store.create(CONFIGMAPS, flood);
    for (let i = 1; i <= 10_050; i++) {
      const cur = sim.cluster.store.get(CONFIGMAPS, "default", "flood")!;
      sim.cluster.store.update(CONFIGMAPS, { ...cur, data: { n: String(i) } });
    }
    await until(() => cluster.getSnapshot(ns)!.configmaps["before-flood"], "configmap created before the flood", 20_000);
    expect(cluster.getSnapshot(ns)!.configmaps["during-gap"]).toBeUndefined();
    expect(w.listCount).toBeGreaterThan(lists);
    // and it keeps watching afterwards
    await cluster.apply(ns, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after-flood" }, data: {} } as KubernetesObject);
    await until(() => cluster.getSnapshot(ns)!.configmaps["after-flood"], "configmap after the flood");
  });
});

describe("a quiet namespace watch", () => {
  // Regression: client-node's Watch drops a stream after 30 s without data, while API servers send
  // bookmarks only every ~60 s; quiet watches dropped, backed off, and saw changes up to 30 s late.
  it("stays connected through 35 s without events and still sees the next change at once", async () => {
    const { namespace } = await cluster.provisionTeam(GAME, { id: "t-quiet", slug: "quiet" }, { waitForHealthy: false });
    await cluster.watchNamespace(namespace, ["configmaps"]);
    const w = cluster.namespaceWatch(namespace)!.watcher("configmaps")!;
    const watches = w.watchCount;
    await new Promise((r) => setTimeout(r, 35_000));
    const t0 = Date.now();
    await cluster.apply(namespace, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after-quiet" }, data: {} } as KubernetesObject);
    await until(() => cluster.getSnapshot(namespace)!.configmaps["after-quiet"], "configmap after a quiet period");
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(w.watchCount).toBe(watches);
    cluster.stopWatching(namespace);
  }, 60_000);
});

describe("teardown and game cleanup", () => {
  it("teardownTeam deletes the namespace and its cluster binding", async () => {
    const { namespace } = await cluster.provisionTeam({ code: "GONE1" }, { id: "t-x", slug: "x" }, { waitForHealthy: false });
    await cluster.teardownTeam(namespace);
    const ns = await cluster.get("", { apiVersion: "v1", kind: "Namespace", name: namespace });
    expect(ns === undefined || Boolean(ns.metadata?.deletionTimestamp)).toBe(true);
    expect(await cluster.get("", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: `firedrill:player:${namespace}` })).toBeUndefined();
  });

  it("cleanupGame removes every namespace the game created, and nothing else", async () => {
    await Promise.all(
      ["a", "b", "c"].map((slug) => cluster.provisionTeam({ code: "DEL9" }, { id: `t-${slug}`, slug }, { waitForHealthy: false })),
    );
    const other = await cluster.provisionTeam({ code: "KEEP1" }, { id: "t-keep", slug: "keep" }, { waitForHealthy: false });
    const removed = await cluster.cleanupGame("DEL9");
    expect(removed.sort()).toEqual(["fd-del9-a", "fd-del9-b", "fd-del9-c"]);
    for (const name of removed) {
      const ns = await cluster.get("", { apiVersion: "v1", kind: "Namespace", name });
      expect(ns === undefined || Boolean(ns.metadata?.deletionTimestamp), name).toBe(true);
    }
    const kept = await cluster.get("", { apiVersion: "v1", kind: "Namespace", name: other.namespace });
    expect(kept?.metadata?.deletionTimestamp).toBeUndefined();
    const bindings = await cluster.list("", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", { labelSelector: "firedrill.io/game=del9" });
    expect(bindings).toEqual([]);
  });
});

describe("waitForHealthy (sim with its kubelet running pods)", () => {
  let live: Awaited<ReturnType<typeof startSimCluster>>;
  let liveCluster: Cluster;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fd-kube-live-"));
    live = await startSimCluster({
      clock: new RealClock(),
      dataDir: dir,
      logger: silentLogger(),
      timeScale: 10,
      catalog: loadImageCatalog("scenarios/images.yaml"),
    });
    liveCluster = Cluster.fromKubeconfigYaml(live.adminKubeconfig(), { scenariosDir: "scenarios" });
  });

  afterAll(async () => {
    liveCluster?.close();
    await live?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("provisionTeam resolves once every Deployment is Available", async () => {
    const { namespace } = await liveCluster.provisionTeam(GAME, { id: "t-live", slug: "live" }, { healthyTimeoutMs: 60_000 });
    for (const name of ["frontend", "backend", "postgres"]) {
      const d = (await liveCluster.get(namespace, DEPLOY(name))) as unknown as { spec: { replicas: number }; status: { availableReplicas?: number } };
      expect(d.status.availableReplicas, name).toBe(d.spec.replicas);
    }
  });

  it("proxyGet reaches the app through the services proxy subresource", async () => {
    const ns = "fd-kube7-live";
    const page = await liveCluster.proxyGet(ns, "frontend", 80, "/");
    expect(page.status).toBe(200);
    expect(page.body.length).toBeGreaterThan(0);
    const health = await liveCluster.proxyGet(ns, "backend", "http", "/healthz");
    expect(health.status).toBe(200);
    const missing = await liveCluster.proxyGet(ns, "nope", 80, "/");
    expect(missing.status).toBe(404);
  });

  it("rejects after the timeout, naming the Deployments that are not Available", async () => {
    const { namespace } = await liveCluster.provisionTeam(GAME, { id: "t-broken", slug: "broken" }, { healthyTimeoutMs: 60_000 });
    await liveCluster.patch(namespace, DEPLOY("frontend"), { spec: { template: { spec: { containers: [{ name: "frontend", image: "ghcr.io/firedrill-game/taskmaster-frontend:9.9-typo" }] } } } });
    await expect(liveCluster.waitForHealthy(namespace, { timeoutMs: 3_000 })).rejects.toThrow(/not healthy after 3000 ms; waiting for: frontend$/);
  });
});

/**
 * @kubernetes/client-node against the sim over HTTPS: typed list, watch with resume from a
 * resourceVersion, 410 Gone on a compacted resourceVersion, and PATCH with every content type.
 */
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-c";
/** Small history so a test can push an old resourceVersion out of it. */
const HISTORY = 50;
let sim: TestSim;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  sim = await startTestSim({ controllers: false, watchHistorySize: HISTORY });
  kc = new k8s.KubeConfig();
  kc.loadFromString(sim.cluster.adminKubeconfig());
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
});

afterAll(async () => {
  await sim?.stop();
});

interface Seen {
  type: string;
  name: string;
  rv: string;
}

function startWatch(path: string, params: Record<string, string>) {
  const seen: Seen[] = [];
  let error: unknown;
  let done = false;
  const controller = new k8s.Watch(kc).watch(
    path,
    params,
    (type, obj) => seen.push({ type, name: obj?.metadata?.name, rv: obj?.metadata?.resourceVersion }),
    (err) => {
      done = true;
      error = err;
    },
  );
  return { seen, controller, error: () => error, done: () => done };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("@kubernetes/client-node against the sim", () => {
  it("lists typed objects with a resourceVersion", async () => {
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "a" }, data: { k: "v" } } });
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["a"]);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
    await expect(core.readNamespacedConfigMap({ namespace: NS, name: "missing" })).rejects.toMatchObject({ code: 404 });
  });

  it("pages with limit/continue and deletes a collection by label", async () => {
    for (const n of ["p1", "p2", "p3"]) await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: n, labels: { page: "yes" } } } });
    const first = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: "page=yes", limit: 2 });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(["p1", "p2"]);
    expect(first.metadata?._continue).toBeTruthy();
    const second = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: "page=yes", limit: 2, _continue: first.metadata!._continue });
    expect(second.items.map((i) => i.metadata?.name)).toEqual(["p3"]);
    expect(second.metadata?._continue).toBeFalsy();
    const dry = await core.deleteNamespacedConfigMap({ namespace: NS, name: "p1", dryRun: "All" });
    expect(dry).toBeTruthy();
    expect((await core.readNamespacedConfigMap({ namespace: NS, name: "p1" })).metadata?.name).toBe("p1");
    await core.deleteCollectionNamespacedConfigMap({ namespace: NS, labelSelector: "page=yes" });
    expect((await core.listNamespacedConfigMap({ namespace: NS, labelSelector: "page=yes" })).items).toEqual([]);
  });

  it("watches from a resourceVersion: only later changes, in order", async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "b" } } });
    const w = startWatch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: list.metadata!.resourceVersion! });
    await until(() => w.seen.length >= 1);
    await core.deleteNamespacedConfigMap({ namespace: NS, name: "b" });
    await until(() => w.seen.length >= 2);
    expect(w.seen.map((s) => `${s.type} ${s.name}`)).toEqual(["ADDED b", "DELETED b"]);
    (await w.controller).abort();
  });

  it("a watch from RV 0 starts with synthetic ADDED events", async () => {
    const w = startWatch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: "0" });
    await until(() => w.seen.length >= 1);
    expect(w.seen[0]).toMatchObject({ type: "ADDED", name: "a" });
    (await w.controller).abort();
  });

  it("timeoutSeconds ends the stream and the watch reports done", async () => {
    const w = startWatch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: "0", timeoutSeconds: "1" });
    await until(() => w.done(), 4000);
    expect(w.error()).toBeNull();
  });

  it("a compacted resourceVersion is 410 Gone", async () => {
    const old = (await core.listNamespacedConfigMap({ namespace: NS })).metadata!.resourceVersion!;
    for (let i = 0; i < HISTORY + 5; i++) {
      const cm = (await core.readNamespacedConfigMap({ namespace: NS, name: "a" }));
      await core.replaceNamespacedConfigMap({ namespace: NS, name: "a", body: { ...cm, data: { i: String(i) } } });
    }
    const seen: { type: string; code?: number }[] = [];
    let done = false;
    const ctrl = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: old },
      (type, obj) => seen.push({ type, code: obj?.code }),
      () => (done = true),
    );
    await until(() => done || seen.length > 0);
    expect(seen[0]).toEqual({ type: "ERROR", code: 410 });
    ctrl.abort();
  });

  describe("PATCH with every content type", () => {
    beforeAll(async () => {
      await apps.createNamespacedDeployment({
        namespace: NS,
        body: {
          metadata: { name: "web", labels: { app: "web" } },
          spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } } },
        },
      });
    });

    it("strategic merge patch merges containers by name", async () => {
      const d = await apps.patchNamespacedDeployment(
        { namespace: NS, name: "web", body: { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } } } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
      );
      expect(d.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(["web=nginx:1.27"]);
      expect(d.spec?.template.spec?.containers[0]?.imagePullPolicy).toBe("IfNotPresent");
    });

    it("merge patch and JSON patch", async () => {
      const merged = await apps.patchNamespacedDeployment({ namespace: NS, name: "web", body: { metadata: { labels: { tier: "x" } } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
      expect(merged.metadata?.labels).toEqual({ app: "web", tier: "x" });
      const json = await apps.patchNamespacedDeployment({ namespace: NS, name: "web", body: [{ op: "replace", path: "/spec/replicas", value: 2 }] }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch));
      expect(json.spec?.replicas).toBe(2);
      expect(json.metadata?.generation).toBeGreaterThan(merged.metadata!.generation!);
    });

    it("a no-op patch keeps the resourceVersion", async () => {
      const before = await apps.readNamespacedDeployment({ namespace: NS, name: "web" });
      const after = await apps.patchNamespacedDeployment({ namespace: NS, name: "web", body: { spec: { replicas: 2 } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
      expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    });

    it("server-side apply creates and then updates", async () => {
      const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ssa", namespace: NS }, data: { a: "1" } };
      const created = await core.patchNamespacedConfigMap({ namespace: NS, name: "ssa", body, fieldManager: "firedrill" }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply));
      expect(created.data).toEqual({ a: "1" });
      const updated = await core.patchNamespacedConfigMap({ namespace: NS, name: "ssa", body: { ...body, data: { a: "2" } }, fieldManager: "firedrill" }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply));
      expect(updated.data).toEqual({ a: "2" });
    });

    it("scale via the Scale subresource", async () => {
      const s = await apps.patchNamespacedDeploymentScale({ namespace: NS, name: "web", body: { spec: { replicas: 5 } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
      expect(s).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 5 }, status: { selector: "app=web" } });
    });
  });
});

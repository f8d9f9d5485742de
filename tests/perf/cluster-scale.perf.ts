/**
 * Cluster scale: 100 namespaces × a Deployment of 100 replicas of `registry.k8s.io/pause:3.10` (the smallest
 * catalog image) = 10 000 pods on 100 simulated nodes (110 pods each), with the real store, admission, every
 * controller (deployment, replicaset, scheduler, endpoints, quota, GC, …) and the simulated kubelet, all
 * in-process on a ScaledClock 100× over the real clock (simulated pull/start delays of ~2–5 s cost 20–50 ms).
 *
 * Measured: wall seconds from the first create until every pod is Running with its container ready
 * (phase Running, Ready=True); the peak V8 heap (heapUsed sampled every step, garbage included), the live heap
 * after a full GC once all pods run (what the cluster retains), and peak RSS.
 * Goal: ≤ 30 s and ≤ 400 MB heap. Run: `npx tsx tests/perf/run.ts cluster-scale`.
 * CLUSTER_SCALE_NAMESPACES / CLUSTER_SCALE_REPLICAS shrink it for profiling; CLUSTER_SCALE_CLOCK=fake uses a
 * FakeClock advanced in 1 s steps instead of the ScaledClock (slow at this size: see docs/BENCHMARKS.md).
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { FakeClock, RealClock, ScaledClock, seededRandom, silentLogger, type Clock } from "../../server/src/core/index.js";
import { loadImageCatalog } from "../../server/src/scenarios/image-catalog.js";
import { registerAdmission } from "../../server/src/sim/api/admission/index.js";
import { startControllers, type SimNodeConfig } from "../../server/src/sim/controllers/index.js";
import { startKubelet } from "../../server/src/sim/kubelet/index.js";
import { createObjectStore } from "../../server/src/sim/store/index.js";
import type { GroupVersionResource, KubeObject } from "../../server/src/sim/store/types.js";

const NAMESPACES = Number(process.env.CLUSTER_SCALE_NAMESPACES ?? 100);
const REPLICAS = Number(process.env.CLUSTER_SCALE_REPLICAS ?? 100);
/** kubelet's default max-pods; nodes = ceil(pods / this) + 10 % headroom. */
const PODS_PER_NODE = 110;
const IMAGE = "registry.k8s.io/pause:3.10";
const STEP_MS = 1_000;
/** "scaled" (default): a ScaledClock over the real clock; "fake": a FakeClock advanced in STEP_MS steps. */
const CLOCK = process.env.CLUSTER_SCALE_CLOCK === "fake" ? "fake" : "scaled";
/** Simulated time runs this much faster than the wall clock with the ScaledClock. */
const TIME_SCALE = 100;
/** Give up after this much simulated time (the pods need ~5 s of simulated start-up each). */
const MAX_SIMULATED_MS = 30 * 60_000;
const WALL_GOAL_S = 30;
const HEAP_GOAL_MB = 400;

const ROOT = join(import.meta.dirname, "../..");
const NAMESPACES_GVR: GroupVersionResource = { group: "", version: "v1", resource: "namespaces" };
const DEPLOYMENTS: GroupVersionResource = { group: "apps", version: "v1", resource: "deployments" };
const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** A full GC without `--expose-gc` on the command line (for the live-heap figure). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

function deployment(ns: string): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "pause", namespace: ns, labels: { app: "pause" } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: "pause" } },
      template: {
        metadata: { labels: { app: "pause" } },
        spec: { containers: [{ name: "pause", image: IMAGE, resources: { requests: { cpu: "10m", memory: "8Mi" } } }] },
      },
    },
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const total = NAMESPACES * REPLICAS;
  const nodeCount = Math.ceil((total / PODS_PER_NODE) * 1.1);
  const nodes: SimNodeConfig[] = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i + 1}`, cpu: "32", memory: "128Gi", pods: PODS_PER_NODE }));
  const catalog = loadImageCatalog(join(ROOT, "scenarios/images.yaml"));
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;

  const fake = CLOCK === "fake" ? new FakeClock() : undefined;
  const clock: Clock = fake ?? new ScaledClock(new RealClock(), TIME_SCALE);
  const store = createObjectStore({ clock });
  registerAdmission(store, { seed: 1 });
  const logger = silentLogger();
  const controllers = startControllers({ store, clock, logger, nodes });
  const kubelet = startKubelet({ store, clock, catalog, logger, random: seededRandom(1), recorder: controllers.recorder });

  // Running + Ready pods, kept by a watch so counting costs nothing per step.
  const running = new Set<string>();
  const watch = store.watch(PODS, { resourceVersion: "0" }, (ev) => {
    const p = ev.object as { metadata: { namespace: string; name: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } };
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const ready = ev.type !== "DELETED" && p.status?.phase === "Running" && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    if (ready) running.add(key);
    else running.delete(key);
  });

  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };

  const simStart = clock.now();
  const t0 = performance.now();
  for (let i = 0; i < NAMESPACES; i++) {
    const ns = `scale-${i}`;
    store.create(NAMESPACES_GVR, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    store.create(DEPLOYMENTS, deployment(ns));
  }
  const createdMs = performance.now() - t0;
  let half = 0;
  while (running.size < total && clock.now() - simStart < MAX_SIMULATED_MS) {
    if (fake) await fake.advanceAsync(STEP_MS);
    else await new Promise((r) => setTimeout(r, STEP_MS / TIME_SCALE));
    sample();
    if (!half && running.size >= total / 2) half = performance.now() - t0;
  }
  const wallS = (performance.now() - t0) / 1000;
  const podsInStore = store.count(PODS);
  // what the running 10 000-pod cluster keeps (store, events, watch history, informers, pod workers)
  collectGarbage();
  const liveHeap = process.memoryUsage().heapUsed;
  watch.stop();
  kubelet.stop();
  controllers.stop();

  return {
    pods: `${running.size}/${total} Running+Ready (${podsInStore} in store)`,
    nodes: nodeCount,
    createDeploymentsMs: Math.round(createdMs),
    halfRunningWallS: Math.round(half / 100) / 10,
    allRunningWallS: Math.round(wallS * 10) / 10,
    clock: CLOCK === "fake" ? `FakeClock, ${STEP_MS} ms steps` : `ScaledClock ${TIME_SCALE}× over the real clock`,
    simulatedSeconds: Math.round((clock.now() - simStart) / 1000),
    peakHeapMB: mb(peakHeap),
    liveHeapAfterGcMB: mb(liveHeap),
    heapBeforeMB: mb(heapBefore),
    peakRssMB: mb(peakRss),
    goal: `${wallS <= WALL_GOAL_S ? "met" : "MISSED"} wall ≤ ${WALL_GOAL_S} s; ${mb(peakHeap) <= HEAP_GOAL_MB ? "met" : "MISSED"} heap ≤ ${HEAP_GOAL_MB} MB`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}

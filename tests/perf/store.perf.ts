/**
 * Sim object store benchmark: 10k pods across 100 namespaces.
 * Figures: single get, namespaced list (100 of 10k), label-selected list, and one pod write fanned
 * out to 100 watchers, as p50/p99 in microseconds. Run: `npx tsx tests/perf/run.ts store`
 * (or `npx tsx tests/perf/store.perf.ts` on its own).
 */
import { pathToFileURL } from "node:url";
import { FakeClock, seededRandom } from "../../server/src/core/index.js";
import { createObjectStore, type KubeObject } from "../../server/src/sim/store/index.js";

const NAMESPACES = 100;
const PODS_PER_NAMESPACE = 100;
const WATCHERS = 100;
const SAMPLES = 2_000;
const WARMUP = 200;

const PODS = { group: "", version: "v1", resource: "pods" };

function pod(ns: number, i: number): KubeObject {
  const app = ["frontend", "backend", "postgres"][i % 3]!;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${app}-7d9c5b6f4-${String(i).padStart(5, "0")}`,
      namespace: `team-${ns}`,
      labels: { app, "pod-template-hash": "7d9c5b6f4", "app.kubernetes.io/part-of": "taskmaster" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${app}-7d9c5b6f4`, uid: `rs-${ns}-${app}`, controller: true }],
    },
    spec: {
      nodeName: `node-${i % 3}`,
      containers: [
        {
          name: app,
          image: `ghcr.io/firedrill-game/taskmaster-${app}:1.0`,
          ports: [{ containerPort: 8080, name: "http", protocol: "TCP" }],
          env: [{ name: "DB_HOST", value: "postgres" }, { name: "LOG_LEVEL", value: "info" }],
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        },
      ],
    },
    status: {
      phase: "Running",
      podIP: `10.244.${ns}.${i}`,
      conditions: [{ type: "Ready", status: "True" }, { type: "PodScheduled", status: "True" }],
      containerStatuses: [{ name: app, ready: true, restartCount: 0, state: { running: { startedAt: "2026-01-01T09:00:00Z" } } }],
    },
  };
}

function percentiles(samplesNs: number[]): { p50: number; p99: number } {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5) / 1000, p99: at(0.99) / 1000 };
}

function measure(samples: number, fn: (i: number) => void): { p50: number; p99: number } {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    out.push(Number(process.hrtime.bigint() - t0));
  }
  return percentiles(out);
}

const round = (x: number) => Math.round(x * 10) / 10;

export default async function run(): Promise<Record<string, number | string>> {
  const store = createObjectStore({ clock: new FakeClock(), random: seededRandom(1), watchHistorySize: 10_000 });
  const t0 = process.hrtime.bigint();
  for (let ns = 0; ns < NAMESPACES; ns++) for (let i = 0; i < PODS_PER_NAMESPACE; i++) store.create(PODS, pod(ns, i));
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const random = seededRandom(2);
  const pick = () => {
    const ns = Math.floor(random() * NAMESPACES);
    const i = Math.floor(random() * PODS_PER_NAMESPACE);
    return { ns: `team-${ns}`, name: pod(ns, i).metadata.name };
  };
  const targets = Array.from({ length: SAMPLES + WARMUP }, pick);

  const get = measure(SAMPLES, (i) => {
    const t = targets[i]!;
    if (!store.get(PODS, t.ns, t.name)) throw new Error("missing pod");
  });
  const list = measure(SAMPLES / 4, (i) => {
    const items = store.list(PODS, { namespace: `team-${i % NAMESPACES}` }).items;
    if (items.length !== PODS_PER_NAMESPACE) throw new Error("wrong list size");
  });
  const peekList = measure(SAMPLES / 4, (i) => {
    const items = store.peekList(PODS, { namespace: `team-${i % NAMESPACES}` }).items;
    if (items.length !== PODS_PER_NAMESPACE) throw new Error("wrong list size");
  });
  const listSelected = measure(SAMPLES / 4, (i) => {
    store.list(PODS, { namespace: `team-${i % NAMESPACES}`, labelSelector: "app=frontend,pod-template-hash=7d9c5b6f4" });
  });

  // writes: the same status flip with no watchers, then with 100 watchers on the pod's namespace
  const hot = pod(0, 0);
  let flip = 0;
  const write = () => {
    const current = store.get(PODS, "team-0", hot.metadata.name)!;
    (current.status as { phase: string }).phase = flip++ % 2 ? "Running" : "Pending";
    store.update(PODS, current, { subresource: "status" });
  };
  const writeNoWatchers = measure(SAMPLES, write);
  let delivered = 0;
  const handles = Array.from({ length: WATCHERS }, (_, w) =>
    store.watch(PODS, { namespace: "team-0", resourceVersion: store.currentResourceVersion(), ...(w % 2 ? { labelSelector: "app=frontend" } : {}) }, () => {
      delivered++;
    }),
  );
  const writeFanout = measure(SAMPLES, write);
  for (const h of handles) h.stop();
  if (delivered < (SAMPLES + WARMUP) * WATCHERS) throw new Error(`fan-out delivered only ${delivered} events`);

  return {
    pods: NAMESPACES * PODS_PER_NAMESPACE,
    loadMs: Math.round(loadMs),
    getP50us: round(get.p50),
    getP99us: round(get.p99),
    namespacedListP50us: round(list.p50),
    namespacedListP99us: round(list.p99),
    namespacedPeekListP50us: round(peekList.p50),
    namespacedPeekListP99us: round(peekList.p99),
    labelListP50us: round(listSelected.p50),
    labelListP99us: round(listSelected.p99),
    writeNoWatchersP50us: round(writeNoWatchers.p50),
    writeNoWatchersP99us: round(writeNoWatchers.p99),
    write100WatchersP50us: round(writeFanout.p50),
    write100WatchersP99us: round(writeFanout.p99),
    fanoutCostRatioP50: round(writeFanout.p50 / writeNoWatchers.p50),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run().then((figures) => console.log(figures));
}

/**
 * Sim API latency over HTTPS with 10k pods in 100 namespaces: single GET and namespaced LIST (p50/p99),
 * and watch fan-out — time from one write until all 100 HTTP watchers have received the event.
 * Goals: GET p99 ≤ 20 ms, LIST p99 ≤ 100 ms, fan-out p99 ≤ 50 ms.
 */
import https from "node:https";
import { Worker } from "node:worker_threads";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { RealClock } from "../../server/src/core/clock.js";
import { silentLogger } from "../../server/src/core/logger.js";
import { startSimCluster } from "../../server/src/sim/index.js";
import type { KubeObject } from "../../server/src/sim/store/types.js";

const NAMESPACES = 100;
const PODS_PER_NAMESPACE = 100;
const GET_SAMPLES = 1000;
const LIST_SAMPLES = 200;
const WATCHERS = 100;
const FANOUT_SAMPLES = 50;
const PODS = { group: "", version: "v1", resource: "pods" };

/** The watcher side of the fan-out figure: opens N watches, reports when every one has seen a given RV. */
const WATCHER_SCRIPT = `
const https = require("node:https");
const { parentPort, workerData } = require("node:worker_threads");
const { host, port, ca, token, rv, watchers } = workerData;
const agent = new https.Agent({ keepAlive: true, maxSockets: watchers + 1, ca });
let expected = null, count = 0, opened = 0;
const pending = new Map();
function seen(v) {
  pending.set(v, (pending.get(v) || 0) + 1);
  if (v === expected && pending.get(v) === watchers) parentPort.postMessage({ type: "all", rv: v });
}
parentPort.on("message", (v) => { expected = v; if (pending.get(v) === watchers) parentPort.postMessage({ type: "all", rv: v }); });
for (let i = 0; i < watchers; i++) {
  https.get({ host, port, agent, path: "/api/v1/namespaces/team-0/pods?watch=true&resourceVersion=" + rv,
    headers: { authorization: "Bearer " + token, accept: "application/json" } }, (res) => {
    let buf = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\\n")) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
        const m = /"resourceVersion":"(\\d+)"/.exec(line);
        if (m) seen(m[1]);
      }
    });
    if (++opened === watchers) parentPort.postMessage({ type: "ready" });
  });
}
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}

function pod(ns: string, i: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `web-${i}`, namespace: ns, labels: { app: "web", shard: String(i % 10) } },
    spec: { containers: [{ name: "web", image: "nginx:1.25", ports: [{ containerPort: 80 }] }], nodeName: "node-1" },
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const dir = await mkdtemp(join(tmpdir(), "sim-perf-"));
  const cluster = await startSimCluster({ clock: new RealClock(), dataDir: dir, logger: silentLogger(), controllers: false });
  const { store } = cluster;
  const seedStart = performance.now();
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `team-${n}`;
    store.create({ group: "", version: "v1", resource: "namespaces" }, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    for (let i = 0; i < PODS_PER_NAMESPACE; i++) store.create(PODS, pod(ns, i));
  }
  const seedMs = performance.now() - seedStart;

  const agent = new https.Agent({ keepAlive: true, maxSockets: 256, ca: cluster.caPem });
  const url = new URL(cluster.url);
  const headers = { authorization: `Bearer ${cluster.adminToken}`, accept: "application/json" };
  const request = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = https.get({ host: url.hostname, port: url.port, path, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${path}: ${res.statusCode}`))));
      });
      req.on("error", reject);
    });

  for (let i = 0; i < 50; i++) await request(`/api/v1/namespaces/team-${i}/pods/web-${i}`); // warm-up
  const gets: number[] = [];
  for (let i = 0; i < GET_SAMPLES; i++) gets.push(await request(`/api/v1/namespaces/team-${i % NAMESPACES}/pods/web-${(i * 7) % PODS_PER_NAMESPACE}`));
  const lists: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i++) lists.push(await request(`/api/v1/namespaces/team-${i % NAMESPACES}/pods?limit=500`));

  // watch fan-out: 100 HTTPS watchers on one namespace's pods, in a worker thread so their parsing does not
  // share the server's event loop (real watchers are other processes); each write is timed until all have it
  const worker = new Worker(WATCHER_SCRIPT, {
    eval: true,
    workerData: { host: url.hostname, port: url.port, ca: cluster.caPem, token: cluster.adminToken, rv: store.currentResourceVersion(), watchers: WATCHERS },
  });
  const fromWorker = (): Promise<{ type: string; rv?: string }> => new Promise((resolve) => worker.once("message", resolve));
  await fromWorker(); // all watches open
  const fanout: number[] = [];
  const writeMs: number[] = [];
  for (let i = 0; i < FANOUT_SAMPLES; i++) {
    const current = store.get(PODS, "team-0", "web-0")!;
    const arrived = fromWorker();
    const t0 = performance.now();
    const updated = store.update(PODS, { ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, rev: String(i) } } });
    writeMs.push(performance.now() - t0);
    worker.postMessage(updated.metadata.resourceVersion);
    const msg = await arrived;
    if (msg.rv !== updated.metadata.resourceVersion) throw new Error(`fan-out: expected rv ${updated.metadata.resourceVersion}, got ${msg.rv}`);
    fanout.push(performance.now() - t0);
  }
  await worker.terminate();
  agent.destroy();
  await cluster.close();
  await rm(dir, { recursive: true, force: true });
  return {
    "pods in store": NAMESPACES * PODS_PER_NAMESPACE,
    "load average (1 min) at start": Number(loadavg()[0]!.toFixed(2)),
    "seed 10k pods via store (ms)": Math.round(seedMs),
    "GET pod p50 (ms)": percentile(gets, 50),
    "GET pod p95 (ms)": percentile(gets, 95),
    "GET pod p99 (ms)": percentile(gets, 99),
    "LIST 100 pods in a namespace p50 (ms)": percentile(lists, 50),
    "LIST 100 pods in a namespace p95 (ms)": percentile(lists, 95),
    "LIST 100 pods in a namespace p99 (ms)": percentile(lists, 99),
    "watch fan-out to 100 watchers p50 (ms)": percentile(fanout, 50),
    "watch fan-out to 100 watchers p95 (ms)": percentile(fanout, 95),
    "watch fan-out to 100 watchers p99 (ms)": percentile(fanout, 99),
    "  of which the store write + 100 socket writes p50 (ms)": percentile(writeMs, 50),
  };
}

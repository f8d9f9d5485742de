/**
 * What the gateway costs. Two comparisons, each run alternately in one process against one sim:
 * 1. the same real-kubectl command sequence direct to the sim (admin kubeconfig) vs through the
 *    gateway (team kubeconfig); goal ≤ 1.10× wall time;
 * 2. a Node-level load of 500 GETs per path (keep-alive; 1 and 10 in flight, from a worker thread);
 *    goal ≤ 3 ms added p50.
 */
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { kubectl } from "../helpers/kubectl.js";
import { startGatewayHarness } from "../integration/gateway/harness.js";

const ROUNDS = 5;
const REQUESTS = 500;
/** Concurrency levels of the Node-level load: one at a time (pure added latency) and 10 in flight. */
const IN_FLIGHT_LEVELS = [1, 10];
const IN_FLIGHT = Math.max(...IN_FLIGHT_LEVELS);
const BLOCK = 50;

/** Plain JS so the worker needs no TypeScript loader. */
const WORKER_SOURCE = `
const https = require("node:https");
const { parentPort } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
const agents = new Map();
parentPort.on("message", async ({ id, url, ca, token, n, inFlight }) => {
  let agent = agents.get(url);
  if (!agent) agents.set(url, (agent = new https.Agent({ keepAlive: true, ca, maxSockets: 64 })));
  const get = () => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = https.request(url, { agent, headers: { authorization: "Bearer " + token, accept: "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error("status " + res.statusCode)));
    });
    req.on("error", reject);
    req.end();
  });
  try {
    const out = [];
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => { while (next < n) { next++; out.push(await get()); } }));
    parentPort.postMessage({ id, out });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err) });
  }
});
`;

class LoadWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private seq = 0;

  block(t: { url: string; ca: string; token: string }, n: number, inFlight: number): Promise<number[]> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; out?: number[]; error?: string }) => {
        if (m.id !== id) return;
        this.worker.off("message", onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.out!);
      };
      this.worker.on("message", onMessage);
      this.worker.postMessage({ id, ...t, n, inFlight });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function run(): Promise<Record<string, number | string>> {
  const h = await startGatewayHarness({ gameCode: "BENCH", teams: ["orion"], waitForHealthy: false });
  try {
    const ns = h.teams.orion!.namespace;
    const sequence: string[][] = [
      ["get", "pods"],
      ["get", "deployment", "frontend", "-o", "jsonpath={.spec.template.spec.containers[0].image}"],
      ["describe", "deployment", "frontend"],
      ["get", "events"],
      ["get", "svc,deploy,rs"],
      ["set", "image", "deployment/frontend", "frontend=ghcr.io/firedrill-game/taskmaster-frontend:1.1"],
      ["set", "image", "deployment/frontend", "frontend=ghcr.io/firedrill-game/taskmaster-frontend:1.0"],
      ["get", "configmap", "backend-config", "-o", "yaml"],
    ];
    async function runSequence(kubeconfig: string): Promise<number> {
      const t0 = performance.now();
      for (const args of sequence) {
        const r = await kubectl([...args, "-n", ns], { kubeconfig });
        if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
      }
      return performance.now() - t0;
    }
    let direct = 0;
    let gateway = 0;
    await runSequence(h.adminKubeconfigPath); // warm both paths once
    await runSequence(h.teams.orion!.kubeconfigPath);
    for (let i = 0; i < ROUNDS; i++) {
      // alternate which goes first, so drift in machine load hits both evenly
      if (i % 2 === 0) {
        direct += await runSequence(h.adminKubeconfigPath);
        gateway += await runSequence(h.teams.orion!.kubeconfigPath);
      } else {
        gateway += await runSequence(h.teams.orion!.kubeconfigPath);
        direct += await runSequence(h.adminKubeconfigPath);
      }
    }

    // The load generator runs in a worker thread, like kubectl in its own process: the main event
    // loop then carries only what Firedrill itself runs (gateway + sim), not the client's TLS too.
    const path = `/api/v1/namespaces/${ns}/pods`;
    const target = {
      direct: { url: h.simUrl + path, ca: h.simCaPem, token: h.adminToken },
      gateway: { url: h.gateway.url + path, ca: h.gateway.caPem, token: h.teams.orion!.token },
    };
    const loader = new LoadWorker();
    let loads: Record<number, { direct: number[]; gateway: number[]; wallMs: number }> = {};
    try {
      await loader.block(target.direct, BLOCK, IN_FLIGHT); // warm-up: connections, JIT
      await loader.block(target.gateway, BLOCK, IN_FLIGHT);
      loads = {};
      for (const inFlight of IN_FLIGHT_LEVELS) {
        const lat = { direct: [] as number[], gateway: [] as number[], wallMs: 0 };
        const t1 = performance.now();
        for (let done = 0; done < REQUESTS; done += BLOCK) {
          lat.direct.push(...(await loader.block(target.direct, BLOCK, inFlight)));
          lat.gateway.push(...(await loader.block(target.gateway, BLOCK, inFlight)));
        }
        lat.wallMs = performance.now() - t1;
        lat.direct.sort((a, b) => a - b);
        lat.gateway.sort((a, b) => a - b);
        loads[inFlight] = lat;
      }
    } finally {
      await loader.close();
    }
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      "kubectl sequence (commands)": sequence.length,
      "kubectl rounds": ROUNDS,
      "kubectl direct total (ms)": Math.round(direct),
      "kubectl via gateway total (ms)": Math.round(gateway),
      "kubectl wall ratio gateway/direct": r2(gateway / direct),
      "kubectl goal ratio": 1.1,
      "node load requests per path": REQUESTS,
      ...Object.fromEntries(
        IN_FLIGHT_LEVELS.flatMap((n) => {
          const l = loads[n]!;
          return [
            [`node ${n} in flight: direct p50 (ms)`, r2(percentile(l.direct, 50))],
            [`node ${n} in flight: gateway p50 (ms)`, r2(percentile(l.gateway, 50))],
            [`node ${n} in flight: added p50 (ms)`, r2(percentile(l.gateway, 50) - percentile(l.direct, 50))],
            [`node ${n} in flight: direct p95 (ms)`, r2(percentile(l.direct, 95))],
            [`node ${n} in flight: gateway p95 (ms)`, r2(percentile(l.gateway, 95))],
            [`node ${n} in flight: wall both paths (ms)`, Math.round(l.wallMs)],
          ];
        }),
      ),
      "node added p50 goal (ms)": 3,
    };
  } finally {
    await h.close();
  }
}

/**
 * What the gateway costs. Two comparisons, each run alternately in one process against one sim:
 * 1. the same real-kubectl command sequence direct to the sim (admin kubeconfig) vs through the
 *    gateway (team kubeconfig); goal ≤ 1.10× wall time;
 * 2. a Node-level load of 500 GETs per path (keep-alive, 10 in flight); goal ≤ 3 ms added p50.
 */
import https from "node:https";
import { performance } from "node:perf_hooks";
import { kubectl } from "../helpers/kubectl.js";
import { startGatewayHarness } from "../integration/gateway/harness.js";

const ROUNDS = 5;
const REQUESTS = 500;
/** Concurrency levels of the Node-level load: one at a time (pure added latency) and 10 in flight. */
const IN_FLIGHT_LEVELS = [1, 10];
const IN_FLIGHT = Math.max(...IN_FLIGHT_LEVELS);
const BLOCK = 50;

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

    const directAgent = new https.Agent({ keepAlive: true, ca: h.simCaPem, maxSockets: IN_FLIGHT });
    const gatewayAgent = new https.Agent({ keepAlive: true, ca: h.gateway.caPem, maxSockets: IN_FLIGHT });
    const path = `/api/v1/namespaces/${ns}/pods`;
    const target = {
      direct: { url: h.simUrl + path, agent: directAgent, token: h.adminToken },
      gateway: { url: h.gateway.url + path, agent: gatewayAgent, token: h.teams.orion!.token },
    };
    function get(t: (typeof target)["direct"]): Promise<number> {
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const req = https.request(t.url, { agent: t.agent, headers: { authorization: `Bearer ${t.token}`, accept: "application/json" } }, (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on("error", reject);
        req.end();
      });
    }
    async function block(t: (typeof target)["direct"], n: number, inFlight: number, into: number[]): Promise<void> {
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < n) {
            next++;
            into.push(await get(t));
          }
        }),
      );
    }
    await block(target.direct, BLOCK, IN_FLIGHT, []); // warm-up: connections, JIT
    await block(target.gateway, BLOCK, IN_FLIGHT, []);
    const loads: Record<number, { direct: number[]; gateway: number[]; wallMs: number }> = {};
    for (const inFlight of IN_FLIGHT_LEVELS) {
      const lat = { direct: [] as number[], gateway: [] as number[], wallMs: 0 };
      const t1 = performance.now();
      for (let done = 0; done < REQUESTS; done += BLOCK) {
        await block(target.direct, BLOCK, inFlight, lat.direct);
        await block(target.gateway, BLOCK, inFlight, lat.gateway);
      }
      lat.wallMs = performance.now() - t1;
      lat.direct.sort((a, b) => a - b);
      lat.gateway.sort((a, b) => a - b);
      loads[inFlight] = lat;
    }
    directAgent.destroy();
    gatewayAgent.destroy();
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

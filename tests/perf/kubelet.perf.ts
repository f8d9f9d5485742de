/**
 * Simulated kubelet throughput: N team namespaces running TaskMaster (5 pods each, probes, dependency
 * checks, access logs) for ten simulated minutes on a FakeClock, with the real store, admission and
 * controllers. Reports wall-clock time per simulated minute, so runs compare as ratios.
 * Run alone: `npx tsx tests/perf/kubelet.perf.ts`.
 */
import { performance } from "node:perf_hooks";
import { startCluster } from "../helpers/kubelet-cluster.js";

const TEAMS = [1, 10, 30];
const SIMULATED_MS = 10 * 60_000;
const STEP_MS = 1_000;

async function measure(teams: number): Promise<{ wallMs: number; pods: number; ready: number }> {
  const cluster = startCluster(1);
  const t0 = performance.now();
  for (let i = 0; i < teams; i++) cluster.applyTaskmaster(`team-${i}`);
  for (let t = 0; t < SIMULATED_MS; t += STEP_MS) await cluster.advance(STEP_MS);
  const wallMs = performance.now() - t0;
  let pods = 0;
  let ready = 0;
  for (let i = 0; i < teams; i++) {
    for (const p of cluster.pods(`team-${i}`)) {
      pods++;
      if ((p.status?.containerStatuses ?? []).every((c: { ready: boolean }) => c.ready)) ready++;
    }
  }
  cluster.stop();
  return { wallMs, pods, ready };
}

export default async function run(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = { simulatedMinutes: SIMULATED_MS / 60_000 };
  for (const teams of TEAMS) {
    const r = await measure(teams);
    out[`teams${teams}_wallMsPerSimMinute`] = Math.round(r.wallMs / (SIMULATED_MS / 60_000));
    out[`teams${teams}_readyPods`] = `${r.ready}/${r.pods}`;
  }
  const base = out.teams1_wallMsPerSimMinute as number;
  out.ratio30to1 = Math.round(((out.teams30_wallMsPerSimMinute as number) / Math.max(1, base)) * 10) / 10;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}

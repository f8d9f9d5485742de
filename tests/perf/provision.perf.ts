/**
 * Provisioning 50 teams in the sim through kube/ (client-node over HTTPS, the real path): namespace,
 * fences, baseline app. Goal: ≤ 5 s for 50 teams. Also reports the time until every team's app is
 * healthy when the sim's kubelet runs pods (FIREDRILL_TIME_SCALE-style speed-up applied).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock, silentLogger } from "../../server/src/core/index.js";
import { Cluster } from "../../server/src/kube/index.js";
import { startSimCluster } from "../../server/src/sim/index.js";

const TEAMS = 50;
/** Simulated cluster time runs this much faster (image pulls, probes), as a classroom box would set it. */
const TIME_SCALE = 20;
const HEALTHY_TIMEOUT_MS = 60_000;

async function provisionAll(wait: boolean, game: string): Promise<{ ms: number; error?: string }> {
  const dir = await mkdtemp(join(tmpdir(), "fd-prov-perf-"));
  const sim = await startSimCluster({ clock: new RealClock(), dataDir: dir, logger: silentLogger(), timeScale: TIME_SCALE });
  const cluster = Cluster.fromKubeconfigYaml(sim.adminKubeconfig(), { scenariosDir: "scenarios" });
  try {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: TEAMS }, (_, i) =>
        cluster.provisionTeam({ code: game }, { id: `t${i}`, slug: `team-${i}` }, { waitForHealthy: wait, healthyTimeoutMs: HEALTHY_TIMEOUT_MS }),
      ),
    );
    return { ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { ms: NaN, error: `${String(err)} ${String((err as { cause?: unknown }).cause ?? "")}`.slice(0, 300) };
  } finally {
    cluster.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<Record<string, number | string>> {
  const objects = await provisionAll(false, "PERF1");
  const healthy = await provisionAll(true, "PERF2");
  return {
    teams: TEAMS,
    "provision 50 teams, objects only (ms)": objects.ms,
    "provision 50 teams until all healthy (ms)": healthy.error ? `failed: ${healthy.error}` : healthy.ms,
    "time scale": TIME_SCALE,
    "goal (ms)": 5000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}

/**
 * Provisioning 50 teams in the sim through kube/ (client-node over HTTPS, the real path): namespace,
 * fences, baseline app. Goal: ≤ 5 s for 50 teams. Also reports the time until every team's app is
 * healthy with the sim's kubelet running pods, for as many teams as the default sim nodes can hold
 * (3 nodes × 2 CPU; TaskMaster requests 0.4 CPU per team, so 50 teams would stay Pending).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock, silentLogger } from "../../server/src/core/index.js";
import { Cluster } from "../../server/src/kube/index.js";
import { loadImageCatalog } from "../../server/src/scenarios/image-catalog.js";
import { startSimCluster } from "../../server/src/sim/index.js";

const TEAMS = 50;
/** Teams whose pods fit on the sim's default nodes (6 CPU allocatable / 0.4 CPU per team = 15). */
const HEALTHY_TEAMS = 10;
/** Simulated cluster time runs this much faster (image pulls, probes), as a classroom box would set it. */
const TIME_SCALE = 20;
const HEALTHY_TIMEOUT_MS = 60_000;

async function provisionAll(teams: number, wait: boolean, game: string): Promise<{ ms: number; error?: string }> {
  const dir = await mkdtemp(join(tmpdir(), "fd-prov-perf-"));
  const sim = await startSimCluster({
    clock: new RealClock(),
    dataDir: dir,
    logger: silentLogger(),
    timeScale: TIME_SCALE,
    catalog: wait ? loadImageCatalog("scenarios/images.yaml") : undefined,
  });
  const cluster = Cluster.fromKubeconfigYaml(sim.adminKubeconfig(), { scenariosDir: "scenarios" });
  try {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: teams }, (_, i) =>
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
  const objects = await provisionAll(TEAMS, false, "PERF1");
  const healthy = await provisionAll(HEALTHY_TEAMS, true, "PERF2");
  return {
    [`provision ${TEAMS} teams, all objects created (ms)`]: objects.ms,
    [`provision ${HEALTHY_TEAMS} teams until every app is healthy (ms)`]: healthy.error ? `failed: ${healthy.error}` : healthy.ms,
    "time scale": TIME_SCALE,
    "goal (ms)": 5000,
  };
}

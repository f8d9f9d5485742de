/**
 * One simulated cluster for a whole self-test run: the sim on a FakeClock (so a 10-minute incident takes
 * seconds), Firedrill's kube/ client on the same clock (the namespace watch the engine evaluates), and a
 * kubeconfig for real kubectl. Simulated time moves only when the checker advances it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock, silentLogger, type Logger } from "../../core/index.js";
import { Cluster, SNAPSHOT_KINDS, type SnapshotKind } from "../../kube/index.js";
import type { NamespaceSnapshot } from "../../engine/recovery.js";
import { loadImageCatalog } from "../../scenarios/image-catalog.js";
import { startSimCluster, type SimCluster } from "../../sim/index.js";
import type { GroupVersionResource } from "../../sim/store/types.js";
import { kubectlRunner, type KubectlRunner } from "./kubectl-runner.js";

/** Real time the watch gets to catch up with the store before the check gives up, in ms. */
export const SETTLE_TIMEOUT_MS = 5_000;
/** Real pause between catch-up comparisons, in ms. */
const SETTLE_POLL_MS = 2;

export interface CheckHarness {
  sim: SimCluster;
  clock: FakeClock;
  cluster: Cluster;
  kubectl: KubectlRunner;
  kubeconfigPath: string;
  /** Moves simulated time forward, letting the sim's async work run between timers. */
  advance(ms: number): Promise<void>;
  /**
   * Waits (real time) until Firedrill's watch of `namespace` has seen exactly what the sim's store holds,
   * so evaluations never read a stale snapshot. Returns the snapshot.
   */
  settle(namespace: string): Promise<NamespaceSnapshot>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  scenariosRoot: string;
  logger?: Logger;
}

export async function startHarness(opts: HarnessOptions): Promise<CheckHarness> {
  const dir = await mkdtemp(join(tmpdir(), "fd-scenarios-check-"));
  const clock = new FakeClock();
  const logger = opts.logger ?? silentLogger();
  let sim: SimCluster | undefined;
  try {
    sim = await startSimCluster({ clock, dataDir: join(dir, "data"), logger, catalog: loadImageCatalog(join(opts.scenariosRoot, "images.yaml")) });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const kubeconfigPath = join(dir, "admin.kubeconfig");
  await sim.writeAdminKubeconfig(kubeconfigPath);
  const cluster = Cluster.fromKubeconfigYaml(sim.adminKubeconfig(), { clock, logger, scenariosDir: opts.scenariosRoot });
  const store = sim.store;
  const started = sim;
  return {
    sim,
    clock,
    cluster,
    kubectl: kubectlRunner(kubeconfigPath),
    kubeconfigPath,
    advance: (ms) => clock.advanceAsync(ms),
    async settle(namespace) {
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      for (;;) {
        const snapshot = cluster.getSnapshot(namespace);
        if (!snapshot) throw new Error(`namespace ${namespace} is not being watched`);
        const lag = watchLag(snapshot, (kind) => store.list(gvrOf(kind), { namespace }).items);
        if (!lag) return snapshot as unknown as NamespaceSnapshot;
        if (Date.now() > deadline) throw new Error(`the namespace watch did not catch up with the sim within ${SETTLE_TIMEOUT_MS} ms: ${lag}`);
        await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      }
    },
    async close() {
      cluster.close();
      await started.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function gvrOf(kind: SnapshotKind): GroupVersionResource {
  const info = SNAPSHOT_KINDS[kind];
  const [group, version] = info.apiVersion.includes("/") ? info.apiVersion.split("/") : ["", info.apiVersion];
  return { group: group!, version: version!, resource: info.plural };
}

type Listed = readonly { metadata: { name?: string; resourceVersion?: string } }[];

/** First difference between the watch snapshot and the store (name → resourceVersion per kind), or "". */
export function watchLag(snapshot: Readonly<Record<string, Readonly<Record<string, { metadata?: { resourceVersion?: string } }>>>>, list: (kind: SnapshotKind) => Listed): string {
  for (const kind of Object.keys(snapshot) as SnapshotKind[]) {
    const seen = snapshot[kind] ?? {};
    const actual = list(kind);
    if (actual.length !== Object.keys(seen).length) return `${kind}: watch has ${Object.keys(seen).length}, store has ${actual.length}`;
    for (const o of actual) {
      const name = o.metadata.name ?? "";
      const rv = seen[name]?.metadata?.resourceVersion;
      if (rv !== o.metadata.resourceVersion) return `${kind}/${name}: watch at ${rv ?? "none"}, store at ${o.metadata.resourceVersion}`;
    }
  }
  return "";
}

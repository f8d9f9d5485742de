/**
 * Starts the simulated cluster on an ephemeral loopback port with a temp data dir, and writes its admin
 * kubeconfig, for integration tests. Call `stop()` in afterAll.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealClock, type Clock } from "../../server/src/core/clock.js";
import { silentLogger } from "../../server/src/core/logger.js";
import type { ImageCatalog } from "../../server/src/scenarios/image-catalog.js";
import { kubeconfigYaml, startSimCluster, type SimCluster } from "../../server/src/sim/index.js";
import { kubectl, kubectlStream, type KubectlOptions } from "./kubectl.js";

export interface TestSim {
  cluster: SimCluster;
  dir: string;
  kubeconfig: string;
  /** Runs kubectl as the admin. */
  kubectl(args: string[], opts?: Omit<KubectlOptions, "kubeconfig">): ReturnType<typeof kubectl>;
  kubectlStream(args: string[], opts?: Omit<KubectlOptions, "kubeconfig">): ReturnType<typeof kubectlStream>;
  /** Writes a kubeconfig that authenticates as admin but impersonates `user` (as the gateway does). */
  impersonatingKubeconfig(user: string, groups?: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface TestSimOptions {
  clock?: Clock;
  /** Run the controllers (default true). */
  controllers?: boolean;
  watchHistorySize?: number;
  /** Image catalog: with one, the simulated kubelet runs pods (logs, exec, proxy work). */
  catalog?: ImageCatalog;
}

export async function startTestSim(opts: TestSimOptions = {}): Promise<TestSim> {
  const dir = await mkdtemp(join(tmpdir(), "firedrill-sim-"));
  const cluster = await startSimCluster({ clock: opts.clock ?? new RealClock(), dataDir: join(dir, "data"), logger: silentLogger(), controllers: opts.controllers, watchHistorySize: opts.watchHistorySize, catalog: opts.catalog });
  const kubeconfig = join(dir, "admin.kubeconfig");
  await cluster.writeAdminKubeconfig(kubeconfig);
  let n = 0;
  return {
    cluster,
    dir,
    kubeconfig,
    kubectl: (args, o = {}) => kubectl(args, { ...o, kubeconfig }),
    kubectlStream: (args, o = {}) => kubectlStream(args, { ...o, kubeconfig }),
    async impersonatingKubeconfig(user, groups = []) {
      const base = kubeconfigYaml({ url: cluster.url, caPem: cluster.caPem, token: cluster.adminToken, user: "impersonator" });
      const extra = [`    as: ${JSON.stringify(user)}`, ...(groups.length ? ["    as-groups:", ...groups.map((g) => `    - ${JSON.stringify(g)}`)] : [])].join("\n");
      const text = base.replace(`    token: ${cluster.adminToken}`, `    token: ${cluster.adminToken}\n${extra}`);
      const path = join(dir, `impersonate-${++n}.kubeconfig`);
      await writeFile(path, text, { mode: 0o600 });
      return path;
    },
    async stop() {
      await cluster.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

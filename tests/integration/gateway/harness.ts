/**
 * Boots the real sim, provisions team namespaces through kube/ (client-node), and puts the gateway
 * in front, with one kubeconfig file per team. Shared by the gateway integration tests and the
 * gateway benchmark. Nothing here is mocked.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { EventBus, RealClock, silentLogger, type Clock } from "../../../server/src/core/index.js";
import { loadGatewayTls, gatewayTlsHosts } from "../../../server/src/gateway/gateway-tls.js";
import {
  FailureThrottle,
  startGateway,
  TeamAuthenticator,
  type Activity,
  type Gateway,
  type GatewayEvents,
  type GatewayTeam,
} from "../../../server/src/gateway/index.js";
import { Cluster } from "../../../server/src/kube/index.js";
import { loadImageCatalog } from "../../../server/src/scenarios/image-catalog.js";
import { startSimCluster } from "../../../server/src/sim/index.js";

/** Pods become ready in well under a second of wall time at this speed-up. */
const DEFAULT_TIME_SCALE = 10;

export interface HarnessTeam {
  team: GatewayTeam;
  token: string;
  namespace: string;
  kubeconfigPath: string;
}

export interface GatewayHarness {
  dir: string;
  clock: Clock;
  cluster: Cluster;
  gateway: Gateway;
  authenticator: TeamAuthenticator;
  teams: Record<string, HarnessTeam>;
  /** Admin kubeconfig straight to the sim (for checks and the benchmark's baseline). */
  adminKubeconfigPath: string;
  simUrl: string;
  adminToken: string;
  simCaPem: string;
  activities: Activity[];
  /** Writes a kubeconfig for any token (bad/expired/missing token tests). */
  writeKubeconfig(name: string, team: GatewayTeam, token: string | null): Promise<string>;
  close(): Promise<void>;
}

export async function startGatewayHarness(
  opts: {
    gameCode?: string;
    teams?: string[];
    waitForHealthy?: boolean;
    maxAuthFailures?: number;
    /** Simulated cluster time speed-up (image pulls, probes); default 10. */
    timeScale?: number;
    /** Run pods (the sim's kubelet with the image catalog); default true. */
    kubelet?: boolean;
  } = {},
): Promise<GatewayHarness> {
  const dir = await mkdtemp(join(tmpdir(), "fd-gw-it-"));
  const clock = new RealClock();
  const gameCode = opts.gameCode ?? "IT42";
  const sim = await startSimCluster({
    clock,
    dataDir: join(dir, "sim"),
    logger: silentLogger(),
    timeScale: opts.timeScale ?? DEFAULT_TIME_SCALE,
    catalog: opts.kubelet === false ? undefined : loadImageCatalog("scenarios/images.yaml"),
  });
  const adminYaml = sim.adminKubeconfig();
  const adminKubeconfigPath = join(dir, "admin.kubeconfig");
  await writeFile(adminKubeconfigPath, adminYaml);
  const cluster = Cluster.fromKubeconfigYaml(adminYaml, { scenariosDir: "scenarios" });

  const teams: Record<string, HarnessTeam> = {};
  const slugs = opts.teams ?? ["orion", "lyra"];
  const provisioned = await Promise.all(
    slugs.map((slug) =>
      cluster.provisionTeam({ code: gameCode }, { id: `team-${slug}`, slug }, { waitForHealthy: opts.waitForHealthy ?? true }),
    ),
  );

  const authenticator = new TeamAuthenticator(clock);
  const activities: Activity[] = [];
  const bus = new EventBus<GatewayEvents>();
  bus.on("activity", (a) => activities.push(a));
  const tls = await loadGatewayTls({ dataDir: join(dir, "gateway"), hosts: gatewayTlsHosts() });
  const upstream = await cluster.upstreamTarget();
  const gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    tls,
    upstream,
    authenticator,
    clock,
    bus,
    logger: silentLogger(),
    throttle: new FailureThrottle({ clock, maxFailures: opts.maxAuthFailures ?? 1000 }),
  });

  async function writeKubeconfig(name: string, team: GatewayTeam, token: string | null): Promise<string> {
    let yaml = gateway.kubeconfigFor(team, token ?? "placeholder");
    if (token === null) {
      const doc = parse(yaml) as { users: { user: Record<string, unknown> }[] };
      doc.users[0]!.user = {};
      yaml = stringify(doc);
    }
    const path = join(dir, `${name}.kubeconfig`);
    await writeFile(path, yaml);
    return path;
  }

  for (let i = 0; i < slugs.length; i++) {
    const slug = slugs[i]!;
    const namespace = provisioned[i]!.namespace;
    const team: GatewayTeam = { teamId: `team-${slug}`, name: slug, namespace, gameCode };
    const token = authenticator.register(team);
    teams[slug] = { team, token, namespace, kubeconfigPath: await writeKubeconfig(slug, team, token) };
  }

  return {
    dir,
    clock,
    cluster,
    gateway,
    authenticator,
    teams,
    adminKubeconfigPath,
    simUrl: sim.url,
    adminToken: sim.adminToken,
    simCaPem: sim.caPem,
    activities,
    writeKubeconfig,
    async close() {
      await gateway.close();
      upstream.stop();
      cluster.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

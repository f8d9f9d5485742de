/**
 * Composition root: config → logger → database → (cluster → gateway → game) → HTTP + Colyseus
 * on one port → graceful shutdown. Each step is one well-named function; modules that arrive
 * later (sim/kube cluster, gateway, game) slot in at the marked places of {@link startFiredrill}.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Registry } from "prom-client";
import { loadConfig, type Config } from "./config.js";
import { ConfigError, EventBus, RealClock, createLogger, type Clock, type Logger } from "./core/index.js";
import { closeDatabase, createDatabase, migrateDatabase, redactDatabaseUrl, type Database } from "./db/index.js";
import { createGameServer, GameService, type GameServer } from "./game/index.js";
import { TeamAuthenticator, gatewayTlsHosts, loadGatewayTls, startGateway, type Gateway, type GatewayEvents } from "./gateway/index.js";
import { createApiRoutes, createStaticClientRoutes } from "./http/routes/index.js";
import { createHttpApp, createMetricsRegistry, type HttpRouteModule, type ReadinessCheck } from "./http/index.js";
import { Cluster } from "./kube/index.js";
import { loadImageCatalog } from "./scenarios/image-catalog.js";
import { validateLibrary, type ScenarioLibrary } from "./scenarios/index.js";
import { startSimCluster, type SimCluster } from "./sim/index.js";


/** How long a graceful shutdown may take before the process exits anyway, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface RunningFiredrill {
  config: Config;
  /** The game service (tests drive and inspect games through it). */
  service: GameService;
  gateway: Gateway;
  cluster: Cluster;
  /** The embedded simulated cluster, in `sim` mode. */
  sim: SimCluster | undefined;
  /** The bound HTTP/websocket port (useful when config.port is 0). */
  port: number;
  /** Base URL for REST and websockets, e.g. http://127.0.0.1:2567. */
  url: string;
  db: Database;
  /** Stops accepting work, closes rooms, listeners and the database. Idempotent. */
  stop(): Promise<void>;
}

/** Builds and starts every part of Firedrill from a validated config. */
export async function startFiredrill(config: Config, logger: Logger, clock: Clock = new RealClock()): Promise<RunningFiredrill> {
  const db = await openDatabase(config, logger);
  const metricsRegistry = createMetricsRegistry();
  const lifecycle = { stopping: false };
  const library = loadLibrary(config.scenariosDir, logger);

  const { cluster, sim } = await startCluster(config, clock, logger);
  const upstream = await cluster.upstreamTarget();
  const authenticator = new TeamAuthenticator(clock);
  const bus = new EventBus<GatewayEvents>((err) => logger.error({ err }, "activity subscriber failed"));
  const publicUrl = `https://${config.publicHost}:${config.gatewayPort}`;
  let service: GameService | undefined;
  const gateway = await startGateway({
    port: config.gatewayPort,
    host: config.host,
    publicUrl: config.gatewayPort === 0 ? undefined : publicUrl,
    tls: await loadGatewayTls({ dataDir: config.dataDir, hosts: gatewayTlsHosts(publicUrl) }),
    upstream,
    authenticator,
    clock,
    bus,
    sink: (batch) => service?.persistActivities(batch),
    logger: logger.child({ module: "gateway" }),
  });
  service = new GameService({ db, clock, logger: logger.child({ module: "game" }), library, cluster, credentials: authenticator, adminToken: config.adminToken });
  const gameService = service;
  bus.on("activity", (activity) => gameService.onActivity(activity));

  const routes: HttpRouteModule[] = [
    ...createApiRoutes({ service, gatewayUrl: gateway.url, caPem: gateway.caPem, logger }),
    ...optional(createStaticClientRoutes()),
  ];
  const restore = { done: false };
  const readinessChecks: ReadinessCheck[] = [stoppingCheck(lifecycle), restoreCheck(restore)];

  const httpServer = createHttpServer({ db, logger, routes, readinessChecks, metricsRegistry });
  const gameServer = createGameServer({ httpServer, logger, lookup: (code) => gameService.active(code) });
  const port = await listen(gameServer, httpServer, config, logger);
  const restored = await service.restoreAll();
  restore.done = true;
  if (restored) logger.info({ games: restored }, "restored unfinished games");

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      lifecycle.stopping = true;
      logger.info("shutting down");
      gameService.stopAll();
      await gameServer.gracefullyShutdown(false); // disconnects clients, closes the transport and its http server
      httpServer.closeAllConnections();
      await gateway.close();
      upstream.stop();
      cluster.close();
      await sim?.close();
      await closeDatabase(db);
      logger.info("stopped");
    })());

  return { config, service, gateway, cluster, sim, port, url: `http://${urlHost(config.host)}:${port}`, db, stop };
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** Loads and validates every scenario and pack; invalid ones are left out and each problem is logged with its file and field. */
function loadLibrary(dir: string, logger: Logger): ScenarioLibrary {
  const result = validateLibrary(dir);
  for (const p of result.problems) logger.error({ problem: p }, "invalid scenario or pack: it will not be offered");
  logger.info({ scenarios: result.scenarios.size, packs: result.packs.size }, "scenario library loaded");
  return result;
}

/** `sim`: the embedded simulated API server, reached through its admin kubeconfig. `kube`: a real cluster. */
async function startCluster(config: Config, clock: Clock, logger: Logger): Promise<{ cluster: Cluster; sim: SimCluster | undefined }> {
  const options = { clock, logger: logger.child({ module: "kube" }), scenariosDir: config.scenariosDir };
  if (config.cluster === "kube") {
    return { cluster: Cluster.fromEnvironment({ ...options, kubeconfigPath: config.kubeconfig }), sim: undefined };
  }
  const sim = await startSimCluster({
    clock,
    port: config.simPort,
    dataDir: join(config.dataDir, "sim"),
    timeScale: config.timeScale,
    catalog: loadImageCatalog(join(config.scenariosDir, "images.yaml")),
    logger: logger.child({ module: "sim" }),
  });
  await sim.writeAdminKubeconfig(join(config.dataDir, "sim", "admin.kubeconfig"));
  return { cluster: Cluster.fromKubeconfigYaml(sim.adminKubeconfig(), options), sim };
}

/** Applies committed migrations, then returns a connected client. */
async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const result = await migrateDatabase(config.databaseUrl);
  for (const warning of result.warnings) logger.warn({ warning }, "database migration history");
  logger.info(
    { database: redactDatabaseUrl(config.databaseUrl), applied: result.applied, ms: Math.round(result.durationMs) },
    result.applied.length ? "database migrated" : "database up to date",
  );
  return createDatabase(config.databaseUrl);
}

function createHttpServer(deps: {
  db: Database;
  logger: Logger;
  routes: HttpRouteModule[];
  readinessChecks: ReadinessCheck[];
  metricsRegistry: Registry;
}): http.Server {
  const { app } = createHttpApp(deps);
  return http.createServer(app);
}

async function listen(gameServer: GameServer, httpServer: http.Server, config: Config, logger: Logger): Promise<number> {
  await gameServer.listen(config.port, config.host);
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ host: config.host, port, cluster: config.cluster }, "firedrill listening (REST + websockets)");
  return port;
}

/** /readyz turns 503 as soon as shutdown starts, so load balancers drain us first. */
function stoppingCheck(lifecycle: { stopping: boolean }): ReadinessCheck {
  return {
    name: "lifecycle",
    check: async () => (lifecycle.stopping ? { ok: false, reason: "shutting down" } : { ok: true }),
  };
}

/** Not ready until unfinished games are restored: before that, their rooms and leaderboards do not exist yet. */
function restoreCheck(restore: { done: boolean }): ReadinessCheck {
  return {
    name: "restore",
    check: async () => (restore.done ? { ok: true } : { ok: false, reason: "restoring unfinished games" }),
  };
}

/** A wildcard bind address is not a URL host; local callers reach it on loopback. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Stops on SIGINT/SIGTERM; a second signal, or a stuck shutdown, exits immediately. */
function installSignalHandlers(running: RunningFiredrill, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, "signal received");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out: exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Process entry: config from the environment, start, and stop on signals. Exits on fatal errors. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`firedrill: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  try {
    const running = await startFiredrill(config, logger);
    installSignalHandlers(running, logger);
  } catch (err) {
    logger.fatal({ err }, "start-up failed");
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

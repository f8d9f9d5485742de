/**
 * Boots the real Express app with the REST routes on a real SQLite database and an ephemeral
 * loopback port, behind the repository-backed GameServiceApi.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FakeClock, silentLogger } from "../../../../server/src/core/index.js";
import { createDatabase, migrateDatabase, type Database } from "../../../../server/src/db/index.js";
import type { GameServiceApi } from "../../../../server/src/game/service-types.js";
import { createApiRoutes, createHttpApp, createStaticClientRoutes, type HttpRouteModule } from "../../../../server/src/http/index.js";
import { RepositoryGameService } from "./repository-game-service.js";

export const GATEWAY_URL = "https://firedrill.example:6443";
/** Not a real certificate: the renderer only base64-encodes it, which is what the tests check. */
export const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBdummyCAforRESTtests\n-----END CERTIFICATE-----\n";

export interface ApiHarness {
  base: string;
  db: Database;
  service: RepositoryGameService;
  /** The service's clock: tests advance it to place events and activity in time. */
  clock: FakeClock;
  close(): Promise<void>;
}

export async function startApi(options: { adminToken?: string; staticDir?: string; service?: (db: Database) => GameServiceApi } = {}): Promise<ApiHarness> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-rest-"));
  const url = `file:${path.join(tmp, "firedrill.db")}`;
  await migrateDatabase(url);
  const db = await createDatabase(url);
  const clock = new FakeClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const service = new RepositoryGameService(db, { adminToken: options.adminToken, clock });
  const logger = silentLogger();
  const routes: HttpRouteModule[] = createApiRoutes({ service: options.service?.(db) ?? service, gatewayUrl: GATEWAY_URL, caPem: CA_PEM, logger });
  if (options.staticDir) {
    const client = createStaticClientRoutes({ dir: options.staticDir });
    if (client) routes.push(client);
  }
  const { app } = createHttpApp({ db, logger, routes });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    service,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.$disconnect();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON when the response says it is JSON. */
  body: any;
}

export async function call(
  base: string,
  method: string,
  pathname: string,
  options: { body?: unknown; raw?: string; token?: string; authorization?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.authorization) headers.Authorization = options.authorization;
  let payload: string | undefined;
  if (options.raw !== undefined) {
    payload = options.raw;
    headers["Content-Type"] ??= "application/json";
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(`${base}${pathname}`, { method, headers, body: payload });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, headers: res.headers, text, body: type.includes("json") && text ? JSON.parse(text) : undefined };
}

/** Rows of every table the REST layer can write, to prove a refused request changed nothing. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const [games, teams, teamTokens, seasons, players, events] = await Promise.all([
    db.game.count(),
    db.team.count(),
    db.teamToken.count(),
    db.season.count(),
    db.player.count(),
    db.gameEvent.count(),
  ]);
  return { games, teams, teamTokens, seasons, players, events };
}

/** Row counts plus every game's phase: a refused control request must not move a phase either. */
export async function dbSnapshot(db: Database): Promise<Record<string, unknown>> {
  const phases = await db.game.findMany({ select: { code: true, phase: true }, orderBy: { code: "asc" } });
  return { ...(await rowCounts(db)), phases: phases.map((g) => `${g.code}:${g.phase}`) };
}

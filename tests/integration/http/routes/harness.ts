/**
 * The REST tests run against the whole product (tests/helpers/firedrill.ts): the real GameService,
 * sim cluster, kubectl gateway and a temp SQLite database, with a small scenario library whose
 * limits are short. This file holds what the route test files share: that library, a raw HTTP
 * caller (headers, broken JSON, odd Authorization values) and database snapshots that prove a
 * refused request changed nothing.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "../../../../server/src/core/index.js";
import type { Database } from "../../../../server/src/db/index.js";
import { createApiRoutes, createHttpApp, type HttpRouteModule } from "../../../../server/src/http/index.js";
import { startTestFiredrill, type TestFiredrill } from "../../../helpers/firedrill.js";
import { makeScenarioLibrary } from "../../../helpers/scenario-library.js";

/** The two scenarios the route tests use, and a pack of both. */
export const SCENARIO = "image-pull-backoff";
export const OTHER_SCENARIO = "configmap-missing";
export const PACK = "intro";
/** Long enough that no incident expires during a test file; recovery must hold only briefly. */
const TEST_TIME_LIMIT = "10m";
const TEST_SUSTAIN_FOR = "2s";

/** Boots Firedrill on the route tests' library (one per test file: Colyseus' matchmaker is process-global). */
export function startRestFiredrill(env: Record<string, string> = {}): Promise<TestFiredrill> {
  const library = makeScenarioLibrary(
    {
      [SCENARIO]: { timeLimit: TEST_TIME_LIMIT, sustainFor: TEST_SUSTAIN_FOR },
      [OTHER_SCENARIO]: { timeLimit: TEST_TIME_LIMIT, sustainFor: TEST_SUSTAIN_FOR },
    },
    {
      // the first scheduled injection is far beyond any test, so pack games change only when a test acts
      [PACK]: {
        title: "Intro",
        description: "Two classics",
        duration: "90m",
        app: "taskmaster",
        timeline: [
          { scenario: SCENARIO, at: "60m" },
          { scenario: OTHER_SCENARIO, after: "previous-recovered-or-expired", delay: "1m" },
        ],
      },
    },
  );
  return startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: library, ...env });
}

/**
 * A second HTTP listener over the same running Firedrill (its real service, gateway and database),
 * composed like main.ts but with extra route modules, e.g. the static client from a temp folder.
 */
export async function serveWithRoutes(fd: TestFiredrill, extra: HttpRouteModule[]): Promise<{ base: string; close(): Promise<void> }> {
  const logger = silentLogger();
  const routes = [...createApiRoutes({ service: fd.service, gatewayUrl: fd.gateway.url, caPem: fd.gateway.caPem, logger }), ...extra];
  const { app } = createHttpApp({ db: fd.db, logger, routes });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
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

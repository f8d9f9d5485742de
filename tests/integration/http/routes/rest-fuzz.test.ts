/**
 * Fuzzing the REST bodies (fast-check) against the whole product (real GameService, sim cluster,
 * SQLite): random JSON, near-valid objects and broken JSON sent to every POST route. The answer is
 * always a 4xx JSON error, never a 5xx, and the database is exactly as before (rows and game phases).
 * The target game is running with one team and no pack timeline, so nothing changes on its own.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateGameRequestSchema, CreateSeasonRequestSchema, CreateTeamRequestSchema, InjectRequestSchema } from "../../../../server/src/protocol/index.js";
import { ControlRequestSchema } from "../../../../server/src/http/routes/index.js";
import type { TestFiredrill } from "../../../helpers/firedrill.js";
import { PACK, SCENARIO, call, dbSnapshot, startRestFiredrill } from "./harness.js";
import type { z } from "zod";

/** Runs per route and property: a request plus a snapshot is a few ms on SQLite; well under a minute for the file on 2 cores. */
const RUNS_PER_ROUTE = 40;
const ADMIN = "admin-token-for-fuzzing-0123";

let fd: TestFiredrill;
let code: string;
let hostKey: string;
let teamId: string;

beforeAll(async () => {
  fd = await startRestFiredrill({ FIREDRILL_ADMIN_TOKEN: ADMIN });
  // registration closed, so not even a valid team body can create a row without the host key
  const created = await call(fd.url, "POST", "/api/games", { body: { name: "Fuzz", scenarios: [SCENARIO], settings: { openRegistration: false } }, token: ADMIN });
  expect(created.status).toBe(201);
  ({ code, hostKey } = created.body);
  const team = await call(fd.url, "POST", `/api/games/${code}/teams`, { body: { name: "Red" }, token: hostKey });
  expect(team.status).toBe(201);
  teamId = team.body.teamId;
  expect((await call(fd.url, "POST", `/api/games/${code}/start`, { body: {}, token: hostKey })).status).toBe(200);
});
afterAll(async () => {
  await fd?.close();
});

interface Route {
  path: () => string;
  schema: z.ZodType;
  /** Keys the schema knows, to build near-valid objects that reach deep validation. */
  keys: string[];
  /** The credential that would make a valid body succeed. */
  credential: () => string;
}

const routes: Record<string, Route> = {
  "POST /api/games": { path: () => "/api/games", schema: CreateGameRequestSchema, keys: ["name", "pack", "scenarios", "settings", "seasonId"], credential: () => ADMIN },
  "POST /api/games/:code/teams": { path: () => `/api/games/${code}/teams`, schema: CreateTeamRequestSchema, keys: ["name"], credential: () => hostKey },
  "POST /api/games/:code/start": { path: () => `/api/games/${code}/start`, schema: ControlRequestSchema, keys: [], credential: () => hostKey },
  "POST /api/games/:code/pause": { path: () => `/api/games/${code}/pause`, schema: ControlRequestSchema, keys: [], credential: () => hostKey },
  "POST /api/games/:code/resume": { path: () => `/api/games/${code}/resume`, schema: ControlRequestSchema, keys: [], credential: () => hostKey },
  "POST /api/games/:code/end": { path: () => `/api/games/${code}/end`, schema: ControlRequestSchema, keys: [], credential: () => hostKey },
  "POST /api/games/:code/inject": { path: () => `/api/games/${code}/inject`, schema: InjectRequestSchema, keys: ["scenario", "teams"], credential: () => hostKey },
  "POST /api/seasons": { path: () => "/api/seasons", schema: CreateSeasonRequestSchema, keys: ["name"], credential: () => ADMIN },
};

const settingsKeys = ["openRegistration", "maxTeams", "maxPlayersPerTeam", "seed", "duration", "scoring"];

/** A JSON body: anything JSON, or an object built from the route's own keys with random values. */
function bodyArbitrary(route: Route): fc.Arbitrary<unknown> {
  const value = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.constantFrom(SCENARIO, PACK, "Red", teamId, "", " ", "x".repeat(41), "90s", "<b>"),
    fc.array(fc.constantFrom(SCENARIO, teamId, "", "nope"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...settingsKeys, "extra"), fc.jsonValue(), { maxKeys: 4 }),
  );
  const nearValid =
    route.keys.length > 0
      ? fc.dictionary(fc.constantFrom(...route.keys, "__proto__", "constructor", "extra"), value, { maxKeys: route.keys.length + 1 })
      : fc.dictionary(fc.string(), value, { minKeys: 1, maxKeys: 2 });
  return fc.oneof(fc.jsonValue(), nearValid);
}

/** Text that is not JSON at all, or JSON cut short. */
const brokenJson = fc.oneof(
  fc.string({ minLength: 1 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.jsonValue().map((v) => JSON.stringify({ v }).slice(0, -1)),
);

function expectClientError(res: { status: number; body: any; headers: Headers }, label: string): void {
  if (res.status < 400 || res.status >= 500) throw new Error(`${label}: expected a 4xx, got ${res.status} ${JSON.stringify(res.body)}`);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(typeof res.body?.error?.code).toBe("string");
  expect(typeof res.body?.error?.message).toBe("string");
}

describe.each(Object.entries(routes))("%s", (label, route) => {
  it("without credentials: any JSON body is a 4xx JSON error and changes nothing", async () => {
    // nothing may change, so one snapshot per property is the "before" of every run
    const before = await dbSnapshot(fd.db);
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(route), async (body) => {
        const res = await call(fd.url, "POST", route.path(), { body });
        expectClientError(res, label);
        expect(await dbSnapshot(fd.db)).toEqual(before);
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it("with the right credential: every body the schema rejects is a 400 naming the problem, and changes nothing", async () => {
    // nothing may change, so one snapshot per property is the "before" of every run
    const before = await dbSnapshot(fd.db);
    await fc.assert(
      fc.asyncProperty(
        bodyArbitrary(route).filter((b) => !route.schema.safeParse(b).success),
        async (body) => {
          const res = await call(fd.url, "POST", route.path(), { body, token: route.credential() });
          expectClientError(res, label);
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe("invalid");
          expect(res.body.error.details.length).toBeGreaterThan(0);
          expect(await dbSnapshot(fd.db)).toEqual(before);
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it("broken JSON is a 400 invalid-json and changes nothing", async () => {
    // nothing may change, so one snapshot per property is the "before" of every run
    const before = await dbSnapshot(fd.db);
    await fc.assert(
      fc.asyncProperty(brokenJson, async (raw) => {
        const res = await call(fd.url, "POST", route.path(), { raw, token: route.credential() });
        expectClientError(res, label);
        expect(res.status).toBe(400);
        expect(await dbSnapshot(fd.db)).toEqual(before);
      }),
      { numRuns: RUNS_PER_ROUTE / 2 },
    );
  });
});

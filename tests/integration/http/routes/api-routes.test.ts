/**
 * The REST contract (DESIGN.md "REST contract") against the whole product: the real GameService,
 * the sim cluster and the kubectl gateway, on a real SQLite database. Status codes, response shapes,
 * validation and auth errors, case-insensitive game codes, kubeconfig downloads that real kubectl
 * uses, the debrief (409 before the end, host preview, per-viewer redaction, Markdown) and the
 * season board. Incidents progress only through real paths: REST start/inject and real kubectl
 * through each team's own kubeconfig.
 *
 * Auth rule (RFC 6750, and what the Kubernetes API the players use does): 401 when the credential is
 * missing or is not a credential this game (or server) knows; 403 when it is known but not allowed.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { hashToken } from "../../../../server/src/core/index.js";
import { TeamRepository } from "../../../../server/src/db/index.js";
import type { LeaderboardResponse } from "../../../../server/src/protocol/index.js";
import type { TestFiredrill } from "../../../helpers/firedrill.js";
import { kubectl } from "../../../helpers/kubectl.js";
import { waitFor } from "../../../helpers/wait.js";
import { OTHER_SCENARIO, PACK, SCENARIO, call, dbSnapshot, rowCounts, startRestFiredrill } from "./harness.js";

/** The image the frontend runs at the baseline: setting it back is the reference fix of SCENARIO. */
const GOOD_FRONTEND_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
/** Longest wait for a recovery (pods restart at sim speed, then recovery must hold for sustainFor). */
const RECOVERY_TIMEOUT_MS = 60_000;

let fd: TestFiredrill;
let kubeconfigDir: string;
beforeAll(async () => {
  fd = await startRestFiredrill();
  kubeconfigDir = await mkdtemp(path.join(os.tmpdir(), "firedrill-rest-kubeconfigs-"));
});
afterAll(async () => {
  await fd?.close();
  if (kubeconfigDir) await rm(kubeconfigDir, { recursive: true, force: true });
});

type Team = { teamId: string; teamToken: string; namespace: string };
/** A command of the debrief contract: `{ at, kubectlCommand, verb, resource, name, code }`. */
type DebriefCommand = { at: string; kubectlCommand: string | null; verb: string; resource: string; name: string | null; code: number };

const post = (path: string, body?: unknown, token?: string) => call(fd.url, "POST", path, { body, token });
const get = (path: string, token?: string, headers?: Record<string, string>) => call(fd.url, "GET", path, { token, headers });

async function newGame(settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const res = await post("/api/games", { name: "Friday drill", pack: PACK, settings, ...extra });
  expect(res.status).toBe(201);
  return res.body as { code: string; hostKey: string };
}

async function newTeam(code: string, name: string, hostKey?: string): Promise<Team> {
  const res = await post(`/api/games/${code}/teams`, { name }, hostKey);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Team;
}

function expectError(res: { status: number; body: any; headers: Headers }, status: number, code: string, message?: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
  if (message) expect(res.body.error.message).toMatch(message);
}

/** Downloads the team's kubeconfig with its own token and writes it to a file real kubectl can use. */
async function kubeconfigFile(code: string, team: Team, label: string): Promise<string> {
  const res = await get(`/api/games/${code}/teams/${team.teamId}/kubeconfig`, team.teamToken);
  expect(res.status).toBe(200);
  const file = path.join(kubeconfigDir, `${code}-${label}.kubeconfig`);
  await writeFile(file, res.text);
  return file;
}

async function run(kubeconfig: string, ...args: string[]) {
  const r = await kubectl(args, { kubeconfig });
  expect(r.code, `kubectl ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r;
}

/** Waits until the team's frontend shows the injected break (the bad image tag cannot be pulled). */
async function waitForBrokenFrontend(kubeconfig: string): Promise<void> {
  await waitFor(async () => /ErrImagePull|ImagePullBackOff/.test((await kubectl(["get", "pods", "-l", "app=frontend"], { kubeconfig })).stdout), "the frontend to show ImagePullBackOff");
}

async function leaderboard(code: string): Promise<LeaderboardResponse> {
  const res = await get(`/api/games/${code}/leaderboard`);
  expect(res.status).toBe(200);
  return res.body as LeaderboardResponse;
}

async function waitForStatus(code: string, teamId: string, status: string, timeoutMs = RECOVERY_TIMEOUT_MS): Promise<void> {
  let last: unknown;
  await waitFor(
    async () => {
      const board = await leaderboard(code);
      last = board;
      return board.teams.find((t) => t.teamId === teamId)?.incidents.some((i) => i.status === status);
    },
    () => `team ${teamId} to have an incident ${status}; last board ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

describe("POST /api/games", () => {
  it("creates a game: 201 {code, hostKey}, stores only the key's hash, never cached", async () => {
    const res = await post("/api/games", { name: "Friday drill", pack: PACK });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: expect.stringMatching(/^[A-Z0-9]{6}$/), hostKey: expect.any(String) });
    expect(res.headers.get("location")).toBe(`/api/games/${res.body.code}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const row = await fd.db.game.findUnique({ where: { code: res.body.code } });
    expect(row?.hostKeyHash).toBe(hashToken(res.body.hostKey));
    expect(JSON.stringify(row)).not.toContain(res.body.hostKey);
    expect(row).toMatchObject({ packId: PACK, scenarioIds: [SCENARIO, OTHER_SCENARIO], phase: "lobby" });
  });

  it("accepts an explicit scenario list and settings (seed kept)", async () => {
    const res = await post("/api/games", { name: "Lab 5", scenarios: [OTHER_SCENARIO], settings: { seed: "s-1", maxTeams: 3 } });
    expect(res.status).toBe(201);
    const row = await fd.db.game.findUnique({ where: { code: res.body.code } });
    expect(row).toMatchObject({ packId: null, seed: "s-1", scenarioIds: [OTHER_SCENARIO] });
    expect(row?.settings).toMatchObject({ maxTeams: 3, openRegistration: true });
  });

  it.each([
    ["no body", undefined, /name/],
    ["empty object", {}, /name/],
    ["empty name", { name: "  ", pack: PACK }, /name: must not be empty/],
    ["name too long", { name: "x".repeat(41), pack: PACK }, /name: must be at most 40/],
    ["name with markup", { name: "<script>", pack: PACK }, /name: may contain/],
    ["both pack and scenarios", { name: "a", pack: PACK, scenarios: [SCENARIO] }, /pack: give either pack or scenarios/],
    ["neither pack nor scenarios", { name: "a" }, /pack: give either/],
    ["unknown field", { name: "a", pack: PACK, hacker: true }, /hacker/],
    ["bad settings type", { name: "a", pack: PACK, settings: { maxTeams: "lots" } }, /settings\.maxTeams/],
    ["bad duration", { name: "a", pack: PACK, settings: { duration: "soon" } }, /settings\.duration/],
    ["an array", [1, 2], /expected object/],
  ])("400 invalid naming the field: %s", async (_label, body, message) => {
    const before = await dbSnapshot(fd.db);
    const res = await call(fd.url, "POST", "/api/games", { body });
    expectError(res, 400, "invalid", message);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(Array), message: expect.any(String) })]));
    expect(await dbSnapshot(fd.db)).toEqual(before);
  });

  it("400 invalid-json for a body that is not JSON", async () => {
    const before = await rowCounts(fd.db);
    const res = await call(fd.url, "POST", "/api/games", { raw: '{"name": "a", ' });
    expectError(res, 400, "invalid-json");
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it.each([
    ["an unknown pack", { name: "a", pack: "nope" }, "pack"],
    ["an unknown scenario", { name: "a", scenarios: [SCENARIO, "no-such-scenario"] }, "scenarios"],
  ])("400 invalid naming the field for %s, nothing written", async (_label, body, field) => {
    const before = await rowCounts(fd.db);
    const res = await post("/api/games", body);
    expectError(res, 400, "invalid", new RegExp(`^${field}: `));
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: [field] })]);
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it("404 for a season that does not exist, nothing written", async () => {
    const before = await rowCounts(fd.db);
    expectError(await post("/api/games", { name: "a", pack: PACK, seasonId: "no-such-season" }), 404, "not-found");
    expect(await rowCounts(fd.db)).toEqual(before);
  });
});

describe("teams and kubeconfigs in an open game", () => {
  let code: string;
  let hostKey: string;
  let red: Team;
  let blue: Team;
  /** A team of another game (closed registration, added by its host). */
  let stranger: Team;
  let closed: { code: string; hostKey: string };
  beforeAll(async () => {
    ({ code, hostKey } = await newGame());
    red = await newTeam(code, "Red Team");
    closed = await newGame({ openRegistration: false });
    stranger = await newTeam(closed.code, "Red", closed.hostKey);
  });

  it("GET /api/games/:code: public game info; codes are case-insensitive", async () => {
    for (const c of [code, code.toLowerCase(), code[0] + code.slice(1).toLowerCase()]) {
      const res = await get(`/api/games/${c}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        code,
        name: "Friday drill",
        phase: "lobby",
        teams: [{ teamId: red.teamId, name: "Red Team", namespace: red.namespace }],
      });
      // nothing secret in public info
      expect(res.text).not.toContain(red.teamToken);
      expect(res.text).not.toContain(hostKey);
    }
  });

  it("open registration: 201 {teamId, teamToken, namespace} without credentials, namespace provisioned", async () => {
    const res = await post(`/api/games/${code.toLowerCase()}/teams`, { name: "Blue Team" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ teamId: expect.any(String), teamToken: expect.stringMatching(/^fdt_/), namespace: expect.stringMatching(/^[a-z0-9-]{1,63}$/) });
    blue = res.body;
    const gameId = (await fd.db.game.findUniqueOrThrow({ where: { code } })).id;
    const stored = await new TeamRepository(fd.db).findByTokenHash(gameId, hashToken(blue.teamToken));
    expect(stored?.id).toBe(blue.teamId);
    expect(JSON.stringify(await fd.db.teamToken.findMany())).not.toContain(blue.teamToken);
    expect((await get(`/api/games/${code}`)).body.teams.map((t: { name: string }) => t.name)).toEqual(["Red Team", "Blue Team"]);
  });

  it("409 for a name already taken in the game (any case), nothing written", async () => {
    const before = await rowCounts(fd.db);
    expectError(await post(`/api/games/${code}/teams`, { name: "Red Team" }), 409, "conflict", /already exists/);
    expectError(await post(`/api/games/${code}/teams`, { name: "red team" }), 409, "conflict", /already exists/);
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it.each([
    [{}, /name/],
    [{ name: "" }, /name: must not be empty/],
    [{ name: "Red", extra: 1 }, /extra/],
    [{ name: 42 }, /name/],
  ])("400 invalid for %j, before any lookup", async (body, message) => {
    const before = await rowCounts(fd.db);
    expectError(await post(`/api/games/${code}/teams`, body), 400, "invalid", message);
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it("404 for a game that does not exist", async () => {
    expectError(await post("/api/games/NOGAME/teams", { name: "Red" }), 404, "not-found");
  });

  it("closed registration: 403 without the host key or with a team token, 401 for an unknown credential", async () => {
    const before = await rowCounts(fd.db);
    expectError(await post(`/api/games/${closed.code}/teams`, { name: "Blue" }), 403, "forbidden", /host/);
    expectError(await post(`/api/games/${closed.code}/teams`, { name: "Blue" }, stranger.teamToken), 403, "forbidden");
    expectError(await post(`/api/games/${closed.code}/teams`, { name: "Blue" }, "not-a-real-token"), 401, "unauthorized");
    const basic = await call(fd.url, "POST", `/api/games/${closed.code}/teams`, { body: { name: "Blue" }, authorization: "Basic dXNlcjpwYXNz" });
    expectError(basic, 401, "unauthorized", /Bearer/);
    expect(await rowCounts(fd.db)).toEqual(before);
    // an open game still refuses a credential it does not know rather than ignoring it
    expectError(await post(`/api/games/${code}/teams`, { name: "Green" }, "not-a-real-token"), 401, "unauthorized");
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it("kubeconfig with the team's own token: YAML attachment for the gateway, which real kubectl uses as it is", async () => {
    const res = await get(`/api/games/${code.toLowerCase()}/teams/${red.teamId}/kubeconfig`, red.teamToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/yaml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="firedrill-${code}-${red.namespace}.kubeconfig"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const doc = parseYaml(res.text);
    expect(doc.clusters[0].cluster.server).toBe(fd.gateway.url);
    expect(doc.clusters[0].cluster.server).toMatch(/^https:\/\//);
    expect(Buffer.from(doc.clusters[0].cluster["certificate-authority-data"], "base64").toString("utf8")).toBe(fd.gateway.caPem);
    expect(doc.users[0].user.token).toBe(red.teamToken);
    expect(doc.contexts[0].context.namespace).toBe(red.namespace);
    expect(doc["current-context"]).toBe(doc.contexts[0].name);

    // the token authenticates the team at the gateway: kubectl sees its own namespace's app over verified TLS
    const file = path.join(kubeconfigDir, "red-own.kubeconfig");
    await writeFile(file, res.text);
    const deployments = await run(file, "get", "deployments", "-o", "name");
    expect(deployments.stdout.split("\n").filter(Boolean).sort()).toEqual(["deployment.apps/backend", "deployment.apps/frontend", "deployment.apps/postgres"]);
  });

  it("kubeconfig with the host key: a fresh token for the team, stored hashed, that authenticates the team", async () => {
    const before = await fd.db.teamToken.count();
    const res = await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, hostKey);
    expect(res.status).toBe(200);
    const token: string = parseYaml(res.text).users[0].user.token;
    expect(token).toMatch(/^fdt_/);
    expect(token).not.toBe(red.teamToken);
    expect(token).not.toBe(hostKey);
    expect(await fd.db.teamToken.count()).toBe(before + 1);
    expect(await fd.db.teamToken.findFirst({ where: { tokenHash: hashToken(token) } })).toMatchObject({ teamId: red.teamId });
    expect(await fd.db.teamToken.findFirst({ where: { tokenHash: token } })).toBeNull();
    // the minted token works as the team's own credential, for REST and for kubectl
    const again = await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, token);
    expect(again.status).toBe(200);
    expect(parseYaml(again.text).users[0].user.token).toBe(token);
    const file = path.join(kubeconfigDir, "red-host.kubeconfig");
    await writeFile(file, res.text);
    expect((await run(file, "get", "configmap", "backend-config", "-o", "jsonpath={.data.DB_HOST}")).stdout).toBe("postgres");
  });

  it("kubeconfig: 401 without or with an unknown credential, 403 with another team's token, 404 for an unknown team", async () => {
    const url = `/api/games/${code}/teams/${red.teamId}/kubeconfig`;
    const before = await rowCounts(fd.db);
    expectError(await get(url), 401, "unauthorized");
    expectError(await get(url, blue.teamToken), 403, "forbidden");
    expectError(await get(url, "fdt_forged"), 401, "unauthorized");
    expectError(await get(`/api/games/${code}/teams/no-such-team/kubeconfig`, hostKey), 404, "not-found");
    // a team token (or host key) from another game means nothing here
    expectError(await get(url, stranger.teamToken), 401, "unauthorized");
    expectError(await get(url, closed.hostKey), 401, "unauthorized");
    expect(await rowCounts(fd.db)).toEqual(before);
  });

  it("400 for a control body with parameters; the phase does not move", async () => {
    const before = await dbSnapshot(fd.db);
    expectError(await post(`/api/games/${code}/start`, { force: true }, hostKey), 400, "invalid", /force/);
    expect(await dbSnapshot(fd.db)).toEqual(before);
    expect((await get(`/api/games/${code}`)).body.phase).toBe("lobby");
  });
});

describe("GET /api/games/:code: unknown games", () => {
  it.each(["ZZZZZZ", "zz", "a-b", "x".repeat(33), "%F0%9F%94%A5"])("404 not-found for %s", async (code) => {
    expectError(await get(`/api/games/${code}`), 404, "not-found");
  });

  it("unknown /api routes are a JSON 404", async () => {
    expectError(await get("/api/nothing/here"), 404, "not-found");
  });
});

describe("game control and inject", () => {
  it("host-only control walks the phases; wrong transitions are 409", async () => {
    const { code, hostKey } = await newGame();
    const red = await newTeam(code, "Red");
    const control = (action: string, token?: string, body: unknown = {}) => post(`/api/games/${code.toLowerCase()}/${action}`, body, token);

    const before = await dbSnapshot(fd.db);
    expectError(await control("start"), 401, "unauthorized");
    expectError(await control("start", "fdh_not-the-host-key"), 401, "unauthorized");
    expectError(await control("start", red.teamToken), 403, "forbidden");
    expectError(await control("pause", hostKey), 409, "conflict");
    expectError(await control("resume", hostKey), 409, "conflict");
    expect(await dbSnapshot(fd.db)).toEqual(before);
    expect(await control("start", hostKey)).toMatchObject({ status: 200, body: { phase: "running" } });
    expectError(await control("start", hostKey), 409, "conflict");
    expect(await control("pause", hostKey)).toMatchObject({ status: 200, body: { phase: "paused" } });
    expect((await get(`/api/games/${code}`)).body.phase).toBe("paused");
    // no body at all is fine too (curl -X POST)
    const noBody = await call(fd.url, "POST", `/api/games/${code}/resume`, { token: hostKey });
    expect(noBody).toMatchObject({ status: 200, body: { phase: "running" } });
    expect(await control("end", hostKey)).toMatchObject({ status: 200, body: { phase: "ended" } });
    expect((await get(`/api/games/${code}`)).body.phase).toBe("ended");
    expectError(await control("start", hostKey), 409, "conflict");
    expectError(await control("resume", hostKey), 409, "conflict");
    // the phase column follows the log (listings and restore read it)
    await waitFor(async () => (await fd.db.game.findUnique({ where: { code } }))?.phase === "ended", "the stored phase to be ended");
    // an ended game takes no new teams
    expectError(await post(`/api/games/${code}/teams`, { name: "Late" }, hostKey), 409, "conflict");
  });

  it("inject: host only, running games only, validated body; the break reaches the team's namespace", async () => {
    const { code, hostKey } = await newGame();
    const [red, blue] = await Promise.all([newTeam(code, "Red"), newTeam(code, "Blue")]);
    expectError(await post(`/api/games/${code}/inject`, { scenario: SCENARIO }, hostKey), 409, "conflict", /lobby/);
    expect((await post(`/api/games/${code}/start`, {}, hostKey)).status).toBe(200);
    const before = await rowCounts(fd.db);
    expectError(await post(`/api/games/${code}/inject`, { scenario: SCENARIO }), 401, "unauthorized");
    expectError(await post(`/api/games/${code}/inject`, { scenario: SCENARIO }, "fdh_not-the-host-key"), 401, "unauthorized");
    expectError(await post(`/api/games/${code}/inject`, { scenario: SCENARIO }, red.teamToken), 403, "forbidden");
    for (const [body, message] of [
      [{}, /scenario/],
      [{ scenario: "" }, /scenario/],
      [{ scenario: SCENARIO, teams: [] }, /teams/],
      [{ scenario: SCENARIO, teams: "all" }, /teams/],
      // valid shapes naming what this game does not have: still the body's fault, not a missing game
      [{ scenario: "oom-killed" }, /^scenario: /],
      [{ scenario: SCENARIO, teams: [red.teamId, "no-such-team"] }, /^teams: .*no-such-team/],
    ] as const) {
      const res = await post(`/api/games/${code}/inject`, body, hostKey);
      expectError(res, 400, "invalid", message);
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    expect(await rowCounts(fd.db)).toEqual(before);

    const one = await post(`/api/games/${code.toLowerCase()}/inject`, { scenario: SCENARIO, teams: [blue.teamId] }, hostKey);
    expect(one).toMatchObject({ status: 200, body: { injected: [{ teamId: blue.teamId, incidentId: expect.any(String) }] } });
    await waitForBrokenFrontend(await kubeconfigFile(code, blue, "blue"));
    const all = await post(`/api/games/${code}/inject`, { scenario: OTHER_SCENARIO }, hostKey);
    expect(all.status).toBe(200);
    expect(all.body.injected.map((i: { teamId: string }) => i.teamId).sort()).toEqual([red.teamId, blue.teamId].sort());
    const board = await leaderboard(code);
    const statuses = (teamId: string) => board.teams.find((t) => t.teamId === teamId)!.incidents.map((i) => `${i.scenario}:${i.status}`).sort();
    expect(statuses(blue.teamId)).toEqual([`${OTHER_SCENARIO}:injected`, `${SCENARIO}:injected`]);
    expect(statuses(red.teamId)).toEqual([`${OTHER_SCENARIO}:injected`]);
  });
});

/**
 * One game played for real, shared by the leaderboard and debrief tests: two teams get the bad image
 * tag; Red describes the broken pods (diagnosis) and rolls the image back (recovery); Blue only
 * describes. The tests run in order: live leaderboard, the debrief before the end, then after it.
 */
describe("a played game", () => {
  let code: string;
  let hostKey: string;
  let red: Team;
  let blue: Team;
  beforeAll(async () => {
    ({ code, hostKey } = await newGame());
    [red, blue] = await Promise.all([newTeam(code, "Red"), newTeam(code, "Blue")]);
    const [redKc, blueKc] = await Promise.all([kubeconfigFile(code, red, "red"), kubeconfigFile(code, blue, "blue")]);
    expect((await post(`/api/games/${code}/start`, {}, hostKey)).status).toBe(200);
    expect((await post(`/api/games/${code}/inject`, { scenario: SCENARIO }, hostKey)).status).toBe(200);
    await Promise.all([waitForBrokenFrontend(redKc), waitForBrokenFrontend(blueKc)]);
    await run(redKc, "describe", "pods", "-l", "app=frontend");
    await run(blueKc, "describe", "pods", "-l", "app=frontend");
    await Promise.all([waitForStatus(code, red.teamId, "diagnosed"), waitForStatus(code, blue.teamId, "diagnosed")]);
    await run(redKc, "set", "image", "deployment/frontend", `frontend=${GOOD_FRONTEND_IMAGE}`);
    await waitForStatus(code, red.teamId, "recovered");
  }, 180_000);

  it("GET /api/games/:code/leaderboard: ranked teams with points and per-incident status, TTD and TTR", async () => {
    const res = await get(`/api/games/${code.toLowerCase()}/leaderboard`);
    expect(res.status).toBe(200);
    expect(res.body.frozen).toBe(false);
    expect(res.body.teams.map((t: { teamId: string; rank: number }) => [t.teamId, t.rank])).toEqual([
      [red.teamId, 1],
      [blue.teamId, 2],
    ]);
    const [first, second] = res.body.teams;
    expect(first).toMatchObject({ name: "Red", points: expect.any(Number), incidents: [{ scenario: SCENARIO, status: "recovered", ttdMs: expect.any(Number), ttrMs: expect.any(Number) }] });
    expect(first.incidents[0].ttrMs).toBeGreaterThan(first.incidents[0].ttdMs);
    expect(first.points).toBeGreaterThan(second.points);
    expect(second.incidents).toEqual([{ scenario: SCENARIO, status: "diagnosed", ttdMs: expect.any(Number), ttrMs: null }]);
  });

  it("404 leaderboard for an unknown game", async () => {
    expectError(await get("/api/games/NOGAME/leaderboard"), 404, "not-found");
  });

  it("debrief before the end: 409 for the public and the teams, 401 for an unknown credential; the host may preview", async () => {
    expectError(await get(`/api/games/${code}/debrief`), 409, "conflict");
    expectError(await get(`/api/games/${code}/debrief`, red.teamToken), 409, "conflict");
    expectError(await get(`/api/games/${code}/debrief`, "fdt_forged"), 401, "unauthorized");
    const preview = await get(`/api/games/${code}/debrief`, hostKey);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("cache-control")).toBe("no-store");
    expect(preview.body.incidents[0].scenario).toBe(SCENARIO);
  });

  describe("after the end", () => {
    const teamIn = (view: { body: any }, teamId: string) => view.body.incidents[0].teams.find((t: { teamId: string }) => t.teamId === teamId);
    beforeAll(async () => {
      expect((await post(`/api/games/${code}/end`, {}, hostKey)).status).toBe(200);
      // the gateway stores kubectl activity in batches: wait until Red's fix is in the host's view
      await waitFor(async () => teamIn(await get(`/api/games/${code}/debrief`, hostKey), red.teamId)?.commands.some((c: { kubectlCommand: string }) => c.kubectlCommand === "kubectl set image"), "Red's fix in the debrief");
    });

    it("contract JSON; team detail only for that team and the host", async () => {
      const publicView = await get(`/api/games/${code.toLowerCase()}/debrief`);
      expect(publicView.status).toBe(200);
      expect(publicView.body.incidents).toHaveLength(1);
      expect(publicView.body.incidents[0]).toMatchObject({ scenario: SCENARIO, debriefMarkdown: expect.stringContaining("What happened") });
      const redPublic = teamIn(publicView, red.teamId);
      expect(redPublic).toMatchObject({ name: "Red", points: expect.any(Number), ttdMs: expect.any(Number), ttrMs: expect.any(Number), timeline: expect.any(Array) });
      for (const entry of redPublic.timeline) expect(entry).toMatchObject({ at: expect.any(String), kind: expect.any(String) });
      expect(redPublic.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["injected", "diagnosed", "recovered"]));
      expect(teamIn(publicView, blue.teamId).ttrMs).toBeNull();

      const hostView = await get(`/api/games/${code}/debrief`, hostKey);
      const redFull = teamIn(hostView, red.teamId).commands as DebriefCommand[];
      const blueFull = teamIn(hostView, blue.teamId).commands as DebriefCommand[];
      expect(redFull.map((c) => c.kubectlCommand)).toEqual(expect.arrayContaining(["kubectl describe", "kubectl set image"]));
      expect(blueFull.map((c) => c.kubectlCommand)).toContain("kubectl describe");
      for (const c of [...redFull, ...blueFull]) {
        expect(c).toEqual({ at: expect.any(String), kubectlCommand: expect.any(String), verb: expect.any(String), resource: expect.any(String), name: c.name === null ? null : expect.any(String), code: expect.any(Number) });
        expect(new Date(c.at).toISOString()).toBe(c.at);
      }

      // public: only each team's decisive command (the one that found the cause)
      expect(teamIn(publicView, red.teamId).commands).toHaveLength(1);
      expect(teamIn(publicView, red.teamId).commands[0]).toMatchObject({ kubectlCommand: "kubectl describe" });
      expect(redFull).toContainEqual(teamIn(publicView, red.teamId).commands[0]);
      expect(teamIn(publicView, blue.teamId).commands).toHaveLength(1);

      // a team sees all of its own commands, and only the decisive one of the others
      const redView = await get(`/api/games/${code}/debrief`, red.teamToken);
      expect(teamIn(redView, red.teamId).commands).toEqual(redFull);
      expect(teamIn(redView, blue.teamId).commands).toEqual(teamIn(publicView, blue.teamId).commands);
      const blueView = await get(`/api/games/${code}/debrief`, blue.teamToken);
      expect(teamIn(blueView, blue.teamId).commands).toEqual(blueFull);
      expect(teamIn(blueView, red.teamId).commands).toHaveLength(1);
      expect(redFull.length).toBeGreaterThan(1);
    });

    it("Markdown with ?format=markdown or Accept: text/markdown; 400 for an unknown format", async () => {
      const byQuery = await get(`/api/games/${code}/debrief?format=markdown`);
      expect(byQuery.status).toBe(200);
      expect(byQuery.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(byQuery.text).toContain("The release that never shipped");
      expect(byQuery.text).toContain("Red");
      const byAccept = await get(`/api/games/${code}/debrief`, undefined, { Accept: "text/markdown" });
      expect(byAccept.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(byAccept.text).toBe(byQuery.text);
      // browsers' default Accept and ?format=json get JSON
      const html = await get(`/api/games/${code}/debrief`, undefined, { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
      expect(html.headers.get("content-type")).toMatch(/application\/json/);
      expect((await get(`/api/games/${code}/debrief?format=json`, undefined, { Accept: "text/markdown" })).body.incidents).toHaveLength(1);
      expectError(await get(`/api/games/${code}/debrief?format=pdf`), 400, "invalid", /format/);
      expectError(await get(`/api/games/${code}/debrief?format=json&format=markdown`), 400, "invalid", /format/);
    });
  });
});

describe("catalog", () => {
  it("GET /api/scenarios and /api/packs list the catalog", async () => {
    const scenarios = await get("/api/scenarios");
    expect(scenarios.status).toBe(200);
    expect(scenarios.body.map((s: { id: string }) => s.id).sort()).toEqual([OTHER_SCENARIO, SCENARIO].sort());
    expect(scenarios.body).toContainEqual({
      id: SCENARIO,
      title: "The release that never shipped",
      difficulty: "easy",
      points: 100,
      timeLimitMs: 600_000,
      summary: expect.any(String),
      tags: expect.arrayContaining(["images"]),
    });
    const packs = await get("/api/packs");
    expect(packs.status).toBe(200);
    expect(packs.body).toEqual([{ id: PACK, title: "Intro", description: "Two classics", durationMs: 90 * 60_000, scenarios: [SCENARIO, OTHER_SCENARIO] }]);
  });
});

describe("seasons", () => {
  it("create and list", async () => {
    const created = await post("/api/seasons", { name: "Spring class" });
    expect(created).toMatchObject({ status: 201, body: { seasonId: expect.any(String), name: "Spring class" } });
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect((await get("/api/seasons")).body).toEqual(expect.arrayContaining([{ seasonId: created.body.seasonId, name: "Spring class" }]));
  });

  it("a classroom leaderboard aggregated across the season's ended games", async () => {
    const { seasonId } = (await post("/api/seasons", { name: "Autumn class" })).body;
    // two games, each won (recovered) by a different team; "blue" then "Blue": one class team, latest spelling
    const games = [];
    for (const winner of ["Red", "Blue"] as const) {
      const game = await newGame({}, { seasonId });
      const [r, b] = await Promise.all([newTeam(game.code, "Red"), newTeam(game.code, winner === "Red" ? "blue" : "Blue")]);
      games.push({ ...game, winner: winner === "Red" ? r : b });
    }
    await Promise.all(
      games.map(async ({ code, hostKey, winner }) => {
        const kc = await kubeconfigFile(code, winner, "winner");
        expect((await post(`/api/games/${code}/start`, {}, hostKey)).status).toBe(200);
        expect((await post(`/api/games/${code}/inject`, { scenario: SCENARIO }, hostKey)).status).toBe(200);
        await waitForBrokenFrontend(kc);
        await run(kc, "set", "image", "deployment/frontend", `frontend=${GOOD_FRONTEND_IMAGE}`);
        await waitForStatus(code, winner.teamId, "recovered");
        expect((await post(`/api/games/${code}/end`, {}, hostKey)).status).toBe(200);
      }),
    );
    // a game not yet ended does not count: Green plays only there
    const live = await newGame({}, { seasonId });
    await newTeam(live.code, "Green");
    expect((await post(`/api/games/${live.code}/start`, {}, live.hostKey)).status).toBe(200);

    const board = await get(`/api/seasons/${seasonId}/leaderboard`);
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({ seasonId, name: "Autumn class" });
    expect(board.body.teams).toHaveLength(2);
    for (const row of board.body.teams) {
      expect(row).toEqual({ name: expect.any(String), games: 2, points: expect.any(Number), incidentsRecovered: 1, medianTtrMs: expect.any(Number), rank: expect.any(Number) });
    }
    expect(board.body.teams.map((t: { name: string }) => t.name).sort()).toEqual(["Blue", "Red"]);
    // each team's points are the sum of its two games' final points
    const finals = await Promise.all(games.map(({ code }) => leaderboard(code)));
    for (const row of board.body.teams) {
      const sum = finals.flatMap((b) => b.teams).filter((t) => t.name.toLowerCase() === row.name.toLowerCase()).reduce((n, t) => n + t.points, 0);
      expect(row.points).toBe(sum);
    }
  }, 120_000);

  it("400 for an invalid season body; 404 for an unknown season", async () => {
    const before = await rowCounts(fd.db);
    expectError(await post("/api/seasons", { name: "" }), 400, "invalid", /name/);
    expectError(await post("/api/seasons", { title: "x" }), 400, "invalid");
    expect(await rowCounts(fd.db)).toEqual(before);
    expectError(await get("/api/seasons/no-such-season/leaderboard"), 404, "not-found");
  });
});

/**
 * The REST contract (DESIGN.md "REST contract") over real HTTP on a real SQLite database:
 * status codes, response shapes, validation and auth errors, case-insensitive game codes,
 * kubeconfig download headers and the Markdown debrief. The game service behind it is the
 * repository-backed test implementation (see repository-game-service.ts).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { kubectl } from "../../../helpers/kubectl.js";
import { hashToken } from "../../../../server/src/core/index.js";
import { TeamRepository } from "../../../../server/src/db/index.js";
import { CA_PEM, GATEWAY_URL, call, dbSnapshot, rowCounts, startApi, type ApiHarness } from "./harness.js";

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const post = (path: string, body?: unknown, token?: string) => call(api.base, "POST", path, { body, token });
const get = (path: string, token?: string, headers?: Record<string, string>) => call(api.base, "GET", path, { token, headers });

async function newGame(settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const res = await post("/api/games", { name: "Friday drill", pack: "intro", settings, ...extra });
  expect(res.status).toBe(201);
  return res.body as { code: string; hostKey: string };
}

async function newTeam(code: string, name: string, hostKey?: string) {
  const res = await post(`/api/games/${code}/teams`, { name }, hostKey);
  expect(res.status).toBe(201);
  return res.body as { teamId: string; teamToken: string; namespace: string };
}

function expectError(res: { status: number; body: any; headers: Headers }, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
  if (message) expect(res.body.error.message).toMatch(message);
}

describe("POST /api/games", () => {
  it("creates a game: 201 {code, hostKey}, stores only the key's hash, never cached", async () => {
    const res = await post("/api/games", { name: "Friday drill", pack: "intro" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: expect.stringMatching(/^[A-Z0-9]{6}$/), hostKey: expect.any(String) });
    expect(res.headers.get("location")).toBe(`/api/games/${res.body.code}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const row = await api.db.game.findUnique({ where: { code: res.body.code } });
    expect(row?.hostKeyHash).toBe(hashToken(res.body.hostKey));
    expect(JSON.stringify(row)).not.toContain(res.body.hostKey);
    expect(row).toMatchObject({ packId: "intro", scenarioIds: ["image-pull-backoff", "missing-configmap"] });
  });

  it("accepts an explicit scenario list and settings (seed kept)", async () => {
    const res = await post("/api/games", { name: "Lab 5", scenarios: ["missing-configmap"], settings: { seed: "s-1", maxTeams: 3 } });
    expect(res.status).toBe(201);
    const row = await api.db.game.findUnique({ where: { code: res.body.code } });
    expect(row).toMatchObject({ packId: null, seed: "s-1", scenarioIds: ["missing-configmap"] });
    expect(row?.settings).toMatchObject({ maxTeams: 3, openRegistration: true });
  });

  it.each([
    ["no body", undefined, /name/],
    ["empty object", {}, /name/],
    ["empty name", { name: "  ", pack: "intro" }, /name: must not be empty/],
    ["name too long", { name: "x".repeat(41), pack: "intro" }, /name: must be at most 40/],
    ["name with markup", { name: "<script>", pack: "intro" }, /name: may contain/],
    ["both pack and scenarios", { name: "a", pack: "intro", scenarios: ["image-pull-backoff"] }, /pack: give either pack or scenarios/],
    ["neither pack nor scenarios", { name: "a" }, /pack: give either/],
    ["unknown field", { name: "a", pack: "intro", hacker: true }, /hacker/],
    ["bad settings type", { name: "a", pack: "intro", settings: { maxTeams: "lots" } }, /settings\.maxTeams/],
    ["bad duration", { name: "a", pack: "intro", settings: { duration: "soon" } }, /settings\.duration/],
    ["an array", [1, 2], /expected object/],
  ])("400 invalid naming the field: %s", async (_label, body, message) => {
    const before = await dbSnapshot(api.db);
    const res = await call(api.base, "POST", "/api/games", { body });
    expectError(res, 400, "invalid", message);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(Array), message: expect.any(String) })]));
    expect(await dbSnapshot(api.db)).toEqual(before);
  });

  it("400 invalid-json for a body that is not JSON", async () => {
    const before = await rowCounts(api.db);
    const res = await call(api.base, "POST", "/api/games", { raw: '{"name": "a", ' });
    expectError(res, 400, "invalid-json");
    expect(await rowCounts(api.db)).toEqual(before);
  });

  it("400 from the service for an unknown pack, nothing written", async () => {
    const before = await rowCounts(api.db);
    expectError(await post("/api/games", { name: "a", pack: "nope" }), 400, "invalid", /pack/);
    expect(await rowCounts(api.db)).toEqual(before);
  });

  it("404 for a season that does not exist", async () => {
    expectError(await post("/api/games", { name: "a", pack: "intro", seasonId: "no-such-season" }), 404, "not-found");
  });
});

describe("GET /api/games/:code", () => {
  it("public game info; codes are case-insensitive", async () => {
    const { code } = await newGame();
    const team = await newTeam(code, "Red Team");
    for (const c of [code, code.toLowerCase(), code[0] + code.slice(1).toLowerCase()]) {
      const res = await get(`/api/games/${c}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        code,
        name: "Friday drill",
        phase: "lobby",
        teams: [{ teamId: team.teamId, name: "Red Team", namespace: team.namespace }],
      });
      // nothing secret in public info
      expect(res.text).not.toContain(team.teamToken);
    }
  });

  it.each(["ZZZZZZ", "zz", "a-b", "x".repeat(33), "%F0%9F%94%A5"])("404 not-found for %s", async (code) => {
    expectError(await get(`/api/games/${code}`), 404, "not-found");
  });

  it("unknown /api routes are a JSON 404", async () => {
    expectError(await get("/api/nothing/here"), 404, "not-found");
  });
});

describe("POST /api/games/:code/teams", () => {
  it("open registration: 201 {teamId, teamToken, namespace} without credentials", async () => {
    const { code } = await newGame();
    const res = await post(`/api/games/${code.toLowerCase()}/teams`, { name: "Blue Team" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ teamId: expect.any(String), teamToken: expect.stringMatching(/^fdt_/), namespace: expect.stringMatching(/^[a-z0-9-]{1,63}$/) });
    const stored = await new TeamRepository(api.db).findByTokenHash((await api.db.game.findUniqueOrThrow({ where: { code } })).id, hashToken(res.body.teamToken));
    expect(stored?.id).toBe(res.body.teamId);
  });

  it("409 for a name already taken in the game", async () => {
    const { code } = await newGame();
    await newTeam(code, "Red");
    const before = await rowCounts(api.db);
    expectError(await post(`/api/games/${code}/teams`, { name: "Red" }), 409, "conflict", /already taken/);
    expect(await rowCounts(api.db)).toEqual(before);
  });

  it("closed registration: 403 without the host key, 201 with it; 401 for a bad credential", async () => {
    const { code, hostKey } = await newGame({ openRegistration: false });
    expectError(await post(`/api/games/${code}/teams`, { name: "Red" }), 403, "forbidden", /registration is closed/);
    const red = await newTeam(code, "Red", hostKey);
    expectError(await post(`/api/games/${code}/teams`, { name: "Blue" }, red.teamToken), 403, "forbidden");
    expectError(await post(`/api/games/${code}/teams`, { name: "Blue" }, "not-a-real-token"), 401, "unauthorized");
    const basic = await call(api.base, "POST", `/api/games/${code}/teams`, { body: { name: "Blue" }, authorization: "Basic dXNlcjpwYXNz" });
    expectError(basic, 401, "unauthorized", /Bearer/);
  });

  it.each([
    [{}, /name/],
    [{ name: "" }, /name: must not be empty/],
    [{ name: "Red", extra: 1 }, /extra/],
    [{ name: 42 }, /name/],
  ])("400 invalid for %j, before any lookup", async (body, message) => {
    const { code } = await newGame();
    const before = await rowCounts(api.db);
    expectError(await post(`/api/games/${code}/teams`, body), 400, "invalid", message);
    expect(await rowCounts(api.db)).toEqual(before);
  });

  it("404 for a game that does not exist", async () => {
    expectError(await post("/api/games/NOGAME/teams", { name: "Red" }), 404, "not-found");
  });
});

describe("GET /api/games/:code/teams/:teamId/kubeconfig", () => {
  it("the team's own token: YAML attachment pointing at the gateway with the CA and its namespace", async () => {
    const { code } = await newGame();
    const red = await newTeam(code, "Red Team");
    const res = await get(`/api/games/${code.toLowerCase()}/teams/${red.teamId}/kubeconfig`, red.teamToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/yaml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="firedrill-${code}-${red.namespace}.kubeconfig"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const doc = parseYaml(res.text);
    expect(doc.clusters[0].cluster.server).toBe(GATEWAY_URL);
    expect(Buffer.from(doc.clusters[0].cluster["certificate-authority-data"], "base64").toString("utf8")).toBe(CA_PEM);
    expect(doc.users[0].user.token).toBe(red.teamToken);
    expect(doc.contexts[0].context.namespace).toBe(red.namespace);
    expect(doc["current-context"]).toBe(doc.contexts[0].name);

    // the real kubectl reads the download as it is
    const dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-kubeconfig-"));
    try {
      const file = path.join(dir, "team.kubeconfig");
      await writeFile(file, res.text);
      const view = await kubectl(["config", "view", "--minify", "--raw", "-o", "jsonpath={.clusters[0].cluster.server} {.contexts[0].context.namespace} {.users[0].user.token}"], { kubeconfig: file });
      expect(view.code).toBe(0);
      expect(view.stdout).toBe(`${GATEWAY_URL} ${red.namespace} ${red.teamToken}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the host key: a fresh token for the team, stored hashed, that itself authenticates the team", async () => {
    const { code, hostKey } = await newGame();
    const red = await newTeam(code, "Red");
    const before = await api.db.teamToken.count();
    const res = await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, hostKey);
    expect(res.status).toBe(200);
    const token: string = parseYaml(res.text).users[0].user.token;
    expect(token).not.toBe(red.teamToken);
    expect(token).not.toBe(hostKey);
    expect(await api.db.teamToken.count()).toBe(before + 1);
    expect(await api.db.teamToken.findFirst({ where: { tokenHash: token } })).toBeNull();
    // the minted token works as the team's own credential
    const again = await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, token);
    expect(again.status).toBe(200);
    expect(parseYaml(again.text).users[0].user.token).toBe(token);
  });

  it("401 without credentials, 403 with another team's token, 404 for an unknown team", async () => {
    const { code, hostKey } = await newGame();
    const red = await newTeam(code, "Red");
    const blue = await newTeam(code, "Blue");
    expectError(await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`), 401, "unauthorized");
    expectError(await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, blue.teamToken), 403, "forbidden");
    expectError(await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, "fdt_forged"), 401, "unauthorized");
    expectError(await get(`/api/games/${code}/teams/no-such-team/kubeconfig`, hostKey), 404, "not-found");
    // a team token from another game means nothing here
    const other = await newGame();
    const stranger = await newTeam(other.code, "Red");
    expectError(await get(`/api/games/${code}/teams/${red.teamId}/kubeconfig`, stranger.teamToken), 401, "unauthorized");
  });
});

describe("game control and inject", () => {
  it("host-only control walks the phases; wrong transitions are 409", async () => {
    const { code, hostKey } = await newGame();
    const red = await newTeam(code, "Red");
    const control = (action: string, token?: string, body: unknown = {}) => post(`/api/games/${code.toLowerCase()}/${action}`, body, token);

    expectError(await control("start"), 401, "unauthorized");
    expectError(await control("start", red.teamToken), 403, "forbidden");
    expectError(await control("pause", hostKey), 409, "conflict");
    expect(await control("start", hostKey)).toMatchObject({ status: 200, body: { phase: "running" } });
    expectError(await control("start", hostKey), 409, "conflict");
    expect(await control("pause", hostKey)).toMatchObject({ status: 200, body: { phase: "paused" } });
    expect((await get(`/api/games/${code}`)).body.phase).toBe("paused");
    // no body at all is fine too (curl -X POST)
    const noBody = await call(api.base, "POST", `/api/games/${code}/resume`, { token: hostKey });
    expect(noBody).toMatchObject({ status: 200, body: { phase: "running" } });
    expect(await control("end", hostKey)).toMatchObject({ status: 200, body: { phase: "ended" } });
    expect((await get(`/api/games/${code}`)).body.phase).toBe("ended");
  });

  it("400 for a control body with parameters; the phase does not move", async () => {
    const { code, hostKey } = await newGame();
    const before = await dbSnapshot(api.db);
    expectError(await post(`/api/games/${code}/start`, { force: true }, hostKey), 400, "invalid", /force/);
    expect(await dbSnapshot(api.db)).toEqual(before);
  });

  it("inject: host only, running games only, validated body", async () => {
    const { code, hostKey } = await newGame();
    const red = await newTeam(code, "Red");
    const blue = await newTeam(code, "Blue");
    expectError(await post(`/api/games/${code}/inject`, { scenario: "image-pull-backoff" }, hostKey), 409, "conflict", /lobby/);
    await post(`/api/games/${code}/start`, {}, hostKey);
    expectError(await post(`/api/games/${code}/inject`, { scenario: "image-pull-backoff" }), 401, "unauthorized");
    expectError(await post(`/api/games/${code}/inject`, { scenario: "image-pull-backoff" }, red.teamToken), 403, "forbidden");
    for (const [body, message] of [
      [{}, /scenario/],
      [{ scenario: "" }, /scenario/],
      [{ scenario: "image-pull-backoff", teams: [] }, /teams/],
      [{ scenario: "image-pull-backoff", teams: "all" }, /teams/],
    ] as const) {
      const before = await rowCounts(api.db);
      expectError(await post(`/api/games/${code}/inject`, body, hostKey), 400, "invalid", message);
      expect(await rowCounts(api.db)).toEqual(before);
    }
    const one = await post(`/api/games/${code.toLowerCase()}/inject`, { scenario: "image-pull-backoff", teams: [blue.teamId] }, hostKey);
    expect(one).toMatchObject({ status: 200, body: { injected: [{ teamId: blue.teamId, incidentId: expect.any(String) }] } });
    const all = await post(`/api/games/${code}/inject`, { scenario: "missing-configmap" }, hostKey);
    expect(all.body.injected.map((i: { teamId: string }) => i.teamId).sort()).toEqual([red.teamId, blue.teamId].sort());
  });
});

/** A running game with two teams and one incident each; Red recovers, Blue only diagnoses. */
async function playedGame() {
  const { code, hostKey } = await newGame();
  const red = await newTeam(code, "Red");
  const blue = await newTeam(code, "Blue");
  await post(`/api/games/${code}/start`, {}, hostKey);
  const { body } = await post(`/api/games/${code}/inject`, { scenario: "image-pull-backoff" }, hostKey);
  const incident = (teamId: string) => body.injected.find((i: { teamId: string }) => i.teamId === teamId).incidentId as string;
  const t0 = api.clock.now();
  await api.service.recordActivity(code, {
    teamId: red.teamId, at: new Date(t0 + 1_000), verb: "list", resource: "pods", kubectlCommand: "kubectl get", code: 200, latencyMs: 3, allowed: true,
  });
  await api.service.recordActivity(code, {
    teamId: red.teamId, at: new Date(t0 + 2_000), verb: "get", resource: "pods", name: "backend-1", kubectlCommand: "kubectl describe", code: 200, latencyMs: 3, allowed: true,
  });
  await api.service.recordActivity(code, {
    teamId: blue.teamId, at: new Date(t0 + 3_000), verb: "list", resource: "events", kubectlCommand: "kubectl get", code: 200, latencyMs: 3, allowed: true,
  });
  await api.service.record(code, { type: "incident-diagnosed", at: t0 + 2_000, teamId: red.teamId, incidentId: incident(red.teamId), clueIndex: 0, command: "kubectl describe pod backend-1" });
  await api.service.record(code, { type: "incident-recovered", at: t0 + 65_000, teamId: red.teamId, incidentId: incident(red.teamId), healthySince: t0 + 60_000 });
  await api.service.record(code, { type: "incident-diagnosed", at: t0 + 30_000, teamId: blue.teamId, incidentId: incident(blue.teamId), clueIndex: 0, command: "kubectl get events" });
  api.clock.advance(120_000); // the game's end (if a test ends it) comes after all of that
  return { code, hostKey, red, blue };
}

describe("GET /api/games/:code/leaderboard", () => {
  it("ranked teams with points and per-incident status, TTD and TTR", async () => {
    const { code, red, blue } = await playedGame();
    const res = await get(`/api/games/${code.toLowerCase()}/leaderboard`);
    expect(res.status).toBe(200);
    expect(res.body.frozen).toBe(false);
    expect(res.body.teams.map((t: { teamId: string; rank: number }) => [t.teamId, t.rank])).toEqual([
      [red.teamId, 1],
      [blue.teamId, 2],
    ]);
    const [first, second] = res.body.teams;
    expect(first).toMatchObject({ name: "Red", points: expect.any(Number), incidents: [{ scenario: "image-pull-backoff", status: "recovered", ttdMs: expect.any(Number), ttrMs: expect.any(Number) }] });
    expect(first.points).toBeGreaterThan(second.points);
    expect(second.incidents).toEqual([{ scenario: "image-pull-backoff", status: "diagnosed", ttdMs: expect.any(Number), ttrMs: null }]);
  });

  it("404 for an unknown game", async () => {
    expectError(await get("/api/games/NOGAME/leaderboard"), 404, "not-found");
  });
});

describe("GET /api/games/:code/debrief", () => {
  it("409 for the public before the game ends; the host may preview", async () => {
    const { code, hostKey, red } = await playedGame();
    expectError(await get(`/api/games/${code}/debrief`), 409, "conflict");
    expectError(await get(`/api/games/${code}/debrief`, red.teamToken), 409, "conflict");
    expect((await get(`/api/games/${code}/debrief`, hostKey)).status).toBe(200);
  });

  it("after the end: contract JSON, team detail only for that team and the host", async () => {
    const { code, hostKey, red, blue } = await playedGame();
    await post(`/api/games/${code}/end`, {}, hostKey);
    const publicView = await get(`/api/games/${code.toLowerCase()}/debrief`);
    expect(publicView.status).toBe(200);
    const incident = publicView.body.incidents[0];
    expect(incident).toMatchObject({ scenario: "image-pull-backoff", debriefMarkdown: expect.stringContaining("What happened") });
    const teamIn = (view: any, teamId: string) => view.body.incidents[0].teams.find((t: { teamId: string }) => t.teamId === teamId);
    const redPublic = teamIn(publicView, red.teamId);
    expect(redPublic).toMatchObject({ name: "Red", points: expect.any(Number), ttdMs: expect.any(Number), ttrMs: expect.any(Number), timeline: expect.any(Array) });
    // public: only the decisive command
    expect(redPublic.commands.length).toBeLessThanOrEqual(1);
    expect(teamIn(publicView, blue.teamId).ttrMs).toBeNull();

    const redView = await get(`/api/games/${code}/debrief`, red.teamToken);
    expect(teamIn(redView, red.teamId).commands).toHaveLength(2);
    expect(teamIn(redView, blue.teamId).commands.length).toBeLessThanOrEqual(1);
    const hostView = await get(`/api/games/${code}/debrief`, hostKey);
    expect(teamIn(hostView, red.teamId).commands).toHaveLength(2);
    expect(teamIn(hostView, blue.teamId).commands).toHaveLength(1);
    expect(teamIn(hostView, red.teamId).commands[0]).toEqual({ at: expect.any(String), kubectlCommand: "kubectl get", verb: "list", resource: "pods", name: null, code: 200 });
  });

  it("Markdown with ?format=markdown or Accept: text/markdown; 400 for an unknown format", async () => {
    const { code, hostKey } = await playedGame();
    await post(`/api/games/${code}/end`, {}, hostKey);
    const byQuery = await get(`/api/games/${code}/debrief?format=markdown`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(byQuery.text).toContain("Bad image tag");
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

describe("catalog", () => {
  it("GET /api/scenarios and /api/packs list the catalog", async () => {
    const scenarios = await get("/api/scenarios");
    expect(scenarios.status).toBe(200);
    expect(scenarios.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: "image-pull-backoff", title: expect.any(String), difficulty: "easy", points: 100, timeLimitMs: 600_000, summary: expect.any(String), tags: expect.any(Array) })]));
    const packs = await get("/api/packs");
    expect(packs.body).toEqual([expect.objectContaining({ id: "intro", scenarios: ["image-pull-backoff", "missing-configmap"] })]);
  });
});

describe("seasons", () => {
  it("create, list, and a classroom leaderboard aggregated across the season's ended games", async () => {
    const created = await post("/api/seasons", { name: "Autumn class" });
    expect(created).toMatchObject({ status: 201, body: { seasonId: expect.any(String), name: "Autumn class" } });
    const { seasonId } = created.body;
    expect((await get("/api/seasons")).body).toEqual(expect.arrayContaining([{ seasonId, name: "Autumn class" }]));

    for (const winner of ["Red", "Blue"]) {
      const { code, hostKey } = await newGame({}, { seasonId });
      // "blue" then "Blue": one class team across games, shown with the latest spelling
      const teams = { Red: await newTeam(code, "Red"), Blue: await newTeam(code, winner === "Red" ? "blue" : "Blue") };
      await post(`/api/games/${code}/start`, {}, hostKey);
      const { body } = await post(`/api/games/${code}/inject`, { scenario: "image-pull-backoff" }, hostKey);
      const t0 = api.clock.now();
      api.clock.advance(60_000);
      const team = teams[winner as "Red" | "Blue"];
      const incidentId = body.injected.find((i: { teamId: string }) => i.teamId === team.teamId).incidentId;
      await api.service.record(code, { type: "incident-recovered", at: t0 + 40_000, teamId: team.teamId, incidentId, healthySince: t0 + 30_000 });
      await post(`/api/games/${code}/end`, {}, hostKey);
    }
    // a game still running does not count yet
    const live = await newGame({}, { seasonId });
    await newTeam(live.code, "Green");

    const board = await get(`/api/seasons/${seasonId}/leaderboard`);
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({ seasonId, name: "Autumn class" });
    expect(board.body.teams).toHaveLength(2);
    for (const row of board.body.teams) {
      expect(row).toEqual({ name: expect.any(String), games: 2, points: expect.any(Number), incidentsRecovered: 1, medianTtrMs: expect.any(Number), rank: expect.any(Number) });
    }
    expect(board.body.teams.map((t: { name: string }) => t.name).sort()).toEqual(["Blue", "Red"]);
  });

  it("400 for an invalid season body; 404 for an unknown season", async () => {
    const before = await rowCounts(api.db);
    expectError(await post("/api/seasons", { name: "" }), 400, "invalid", /name/);
    expectError(await post("/api/seasons", { title: "x" }), 400, "invalid");
    expect(await rowCounts(api.db)).toEqual(before);
    expectError(await get("/api/seasons/no-such-season/leaderboard"), 404, "not-found");
  });
});

describe("admin token (FIREDRILL_ADMIN_TOKEN set)", () => {
  const ADMIN = "admin-token-0123456789";
  let locked: ApiHarness;
  beforeAll(async () => {
    locked = await startApi({ adminToken: ADMIN });
  });
  afterAll(async () => {
    await locked?.close();
  });

  it("creating games and seasons needs the admin token: 401 without or wrong, 201 with", async () => {
    const body = { name: "Locked", pack: "intro" };
    expectError(await call(locked.base, "POST", "/api/games", { body }), 401, "unauthorized");
    expectError(await call(locked.base, "POST", "/api/games", { body, token: "wrong-token-9876543210" }), 401, "unauthorized");
    expect((await call(locked.base, "POST", "/api/games", { body, token: ADMIN })).status).toBe(201);
    expectError(await call(locked.base, "POST", "/api/seasons", { body: { name: "S" } }), 401, "unauthorized");
    expect((await call(locked.base, "POST", "/api/seasons", { body: { name: "S" }, token: ADMIN })).status).toBe(201);
    expect(await rowCounts(locked.db)).toMatchObject({ games: 1, seasons: 1 });
  });
});

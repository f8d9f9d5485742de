/**
 * Debriefs are kept forever: an ended game is not restored at start (nothing runs), but its info,
 * leaderboard and debrief load from the event log the first time someone asks, after any restart.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CreateGameResponse, CreateTeamResponse, DebriefResponse, GameInfo, LeaderboardResponse } from "../../../server/src/protocol/index.js";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../../helpers/firedrill.js";

const dataDir = mkdtempSync(join(tmpdir(), "firedrill-archive-"));
const library = makeScenarioLibrary({ "image-pull-backoff": {} });
let fd: TestFiredrill | undefined;

afterAll(async () => {
  await fd?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("an ended game after a restart", () => {
  it("still answers its info, leaderboard and debrief from the log", async () => {
    const env = { FIREDRILL_DATA_DIR: dataDir, FIREDRILL_SCENARIOS_DIR: library };
    fd = await startTestFiredrill(env);
    const game = (await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Archived", scenarios: ["image-pull-backoff"] })).body;
    const team = (await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name: "Orion" }, game.hostKey)).body;
    expect((await fd.api("POST", `/api/games/${game.code}/start`, {}, game.hostKey)).status).toBe(200);
    expect((await fd.api("POST", `/api/games/${game.code}/inject`, { scenario: "image-pull-backoff" }, game.hostKey)).status).toBe(200);
    expect((await fd.api("POST", `/api/games/${game.code}/end`, {}, game.hostKey)).status).toBe(200);
    const before = (await fd.api<DebriefResponse>("GET", `/api/games/${game.code}/debrief`, undefined, game.hostKey)).body;
    await fd.close();

    fd = await startTestFiredrill(env);
    const info = await fd.api<GameInfo>("GET", `/api/games/${game.code.toLowerCase()}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ code: game.code, phase: "ended", teams: [{ teamId: team.teamId, name: "Orion" }] });
    const board = await fd.api<LeaderboardResponse>("GET", `/api/games/${game.code}/leaderboard`);
    expect(board.status).toBe(200);
    expect(board.body.teams[0]!.incidents[0]!.scenario).toBe("image-pull-backoff");
    const after = await fd.api<DebriefResponse>("GET", `/api/games/${game.code}/debrief`, undefined, team.teamToken);
    expect(after.status).toBe(200);
    expect(after.body.incidents.map((i) => i.scenario)).toEqual(before.incidents.map((i) => i.scenario));
    expect(after.body.incidents[0]!.teams[0]!.timeline).toEqual(before.incidents[0]!.teams[0]!.timeline);
  });
});

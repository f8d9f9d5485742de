/**
 * A pack's timeline drives the countdown everyone sees, but only the host learns what comes next:
 * titles never enter the shared state, so a projector or a team console cannot spoil the next incident.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import type { CreateGameResponse, CreateTeamResponse, GameStateView, ScheduleMessage } from "../../../server/src/protocol/index.js";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../../helpers/firedrill.js";
import { waitFor } from "../../helpers/wait.js";

const SCENARIO = "image-pull-backoff";
const PACK = "fixture-pack";
/** Far enough ahead that nothing is injected during the test. */
const FIRST_INCIDENT_AT = "10m";

let fd: TestFiredrill;
let game: CreateGameResponse;
let team: CreateTeamResponse;
const rooms: Room[] = [];

beforeAll(async () => {
  const library = makeScenarioLibrary(
    { [SCENARIO]: {} },
    { [PACK]: { title: "Fixture", description: "One scheduled incident.", duration: "30m", app: "taskmaster", timeline: [{ scenario: SCENARIO, at: FIRST_INCIDENT_AT }] } },
  );
  fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: library });
  game = (await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Scheduled", pack: PACK })).body;
  team = (await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name: "Orion" }, game.hostKey)).body;
}, 120_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => Promise.race([r.leave().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000))])));
  await fd?.close();
});

describe("the schedule", () => {
  it("counts down for everyone and names the next incident only to the host", async () => {
    const client = new Client(fd.url);
    const host = await client.joinById(game.code, { role: "host", code: game.code, hostKey: game.hostKey });
    const screen = await client.joinById(game.code, { role: "screen", code: game.code });
    const teamRoom = await client.joinById(game.code, { role: "team", code: game.code, teamToken: team.teamToken, playerName: "Ada" });
    rooms.push(host, screen, teamRoom);
    const received: Record<string, ScheduleMessage[]> = { host: [], screen: [], team: [] };
    host.onMessage("schedule", (m: ScheduleMessage) => received.host!.push(m));
    screen.onMessage("schedule", (m: ScheduleMessage) => received.screen!.push(m));
    teamRoom.onMessage("schedule", (m: ScheduleMessage) => received.team!.push(m));

    const startedAt = Date.now();
    expect((await fd.api("POST", `/api/games/${game.code}/start`, {}, game.hostKey)).status).toBe(200);
    const view = (r: Room) => (r.state as { toJSON(): GameStateView }).toJSON();
    await waitFor(() => view(screen).nextInjectionAt > 0 && view(teamRoom).nextInjectionAt > 0, "the countdown to reach every client");
    const due = view(screen).nextInjectionAt;
    expect(due - startedAt).toBeGreaterThan(9 * 60_000);
    expect(due - startedAt).toBeLessThan(11 * 60_000);

    const latest = await waitFor(() => received.host!.find((m) => m.next !== null), "the host's schedule");
    expect(latest.next!.at).toBe(due);
    expect(latest.next!.title).toBe("The release that never shipped");
    expect(latest.scenarios).toEqual([{ scenarioId: SCENARIO, title: "The release that never shipped" }]);
    expect(latest.entries).toEqual([{ index: 0, scenarioId: SCENARIO, title: "The release that never shipped", trigger: "at", offsetMs: 600_000, injectedTeams: 0 }]);

    expect(received.screen).toEqual([]);
    expect(received.team).toEqual([]);
    for (const r of [screen, teamRoom]) expect(JSON.stringify(view(r))).not.toContain("The release that never shipped");
  });
});

/**
 * A team console survives a dropped connection: the SDK reconnects on its own into the same seat, the
 * view (state) is still there, and messages flow again. The server holds the seat while the client is
 * away, so the team's online count does not flicker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import { Client, CloseCode, type Room } from "@colyseus/sdk";
import type { CreateGameResponse, CreateTeamResponse, GameStateView } from "../../../server/src/protocol/index.js";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../../helpers/firedrill.js";
import { waitFor } from "../../helpers/wait.js";

let fd: TestFiredrill;
let game: CreateGameResponse;
let team: CreateTeamResponse;
const rooms: Room[] = [];

// The SDK's reconnect path uses the global WebSocket, which browsers have and Node 20 does not (Node 22
// does); give it the same `ws` implementation the SDK uses for the first connection.
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

/** Longest a client may take to leave during teardown, in ms. */
const LEAVE_TIMEOUT_MS = 2_000;

beforeAll(async () => {
  fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: makeScenarioLibrary({ "image-pull-backoff": {} }) });
  game = (await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Reconnect", scenarios: ["image-pull-backoff"] })).body;
  team = (await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name: "Orion" }, game.hostKey)).body;
}, 120_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => Promise.race([r.leave().catch(() => {}), new Promise((resolve) => setTimeout(resolve, LEAVE_TIMEOUT_MS))])));
  await fd?.close();
});

describe("reconnection", () => {
  it("a dropped team client comes back into its seat with its view, and keeps receiving", async () => {
    const client = new Client(fd.url);
    const room = await client.joinById(game.code, { role: "team", code: game.code, teamToken: team.teamToken, playerName: "Ada" });
    const host = await client.joinById(game.code, { role: "host", code: game.code, hostKey: game.hostKey });
    rooms.push(room, host);
    room.reconnection.minUptime = 0;
    const view = () => (room.state as { toJSON(): GameStateView }).toJSON();
    await waitFor(() => view().teams[team.teamId]?.playersOnline === 1, "the team to show one player online");

    const events: string[] = [];
    room.onDrop(() => events.push("drop"));
    room.onReconnect(() => events.push("reconnect"));
    room.onLeave(() => events.push("leave"));
    room.connection.close(CloseCode.MAY_TRY_RECONNECT, "network blip");

    await waitFor(() => events.includes("reconnect"), "the SDK to reconnect by itself", 15_000);
    expect(events).toEqual(["drop", "reconnect"]);
    expect(view().teams[team.teamId]?.name).toBe("Orion");
    expect(Object.keys(view().privates)).toEqual([team.teamId]);
    expect(view().teams[team.teamId]?.playersOnline).toBe(1);

    const broadcasts: string[] = [];
    room.onMessage("broadcast", (m: { text: string }) => broadcasts.push(m.text));
    host.send("broadcast", { text: "still with us?" });
    await waitFor(() => broadcasts.includes("still with us?"), "a broadcast after the reconnect");
  });
});

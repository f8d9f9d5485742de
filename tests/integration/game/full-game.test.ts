/**
 * A whole game, end to end: REST to create it, three teams with real kubectl through their own gateway
 * kubeconfigs, Colyseus SDK clients for every role, and the debrief afterwards.
 *   A describes the broken pod, then fixes  → diagnosed + recovered
 *   B fixes blind                           → recovered, no TTD
 *   C deletes the deployment (cheap fix)    → never recovers, expires
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import type { CreateGameResponse, CreateTeamResponse, DebriefResponse, GameStateView, LeaderboardResponse } from "../../../server/src/protocol/index.js";
import { kubectl } from "../../helpers/kubectl.js";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../../helpers/firedrill.js";
import { waitFor } from "../../helpers/wait.js";

const SCENARIO = "image-pull-backoff";
/** Short enough that the blind team's incident expires within the test. */
const TIME_LIMIT_S = 40;
const GOOD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";

let fd: TestFiredrill;
let game: CreateGameResponse;
const teams: Record<"A" | "B" | "C", CreateTeamResponse & { kubeconfig: string }> = {} as never;
const rooms: Room[] = [];

function stateOf(room: Room): GameStateView {
  return (room.state as { toJSON(): GameStateView }).toJSON();
}

beforeAll(async () => {
  const library = makeScenarioLibrary({ [SCENARIO]: { timeLimit: `${TIME_LIMIT_S}s`, sustainFor: "3s" } });
  fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: library });
  const created = await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Integration cup", scenarios: [SCENARIO], settings: { openRegistration: false } });
  expect(created.status).toBe(201);
  game = created.body;
  const dir = mkdtempSync(join(tmpdir(), "kubeconfigs-"));
  for (const [key, name] of [["A", "Orion"], ["B", "Vega"], ["C", "Lyra"]] as const) {
    const t = await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name }, game.hostKey);
    expect(t.status).toBe(201);
    const kc = await fd.api("GET", `/api/games/${game.code}/teams/${t.body.teamId}/kubeconfig`, undefined, t.body.teamToken);
    expect(kc.status).toBe(200);
    const file = join(dir, `${key}.kubeconfig`);
    writeFileSync(file, kc.text);
    teams[key] = { ...t.body, kubeconfig: file };
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
  await fd?.close();
});

describe("a whole game through three team gateways", () => {
  it("scores a diagnosed fix above a blind fix above a cheap fix, live to every role, with a debrief", async () => {
    const client = new Client(fd.url);
    const host = await client.joinById(game.code, { role: "host", code: game.code, hostKey: game.hostKey });
    const screen = await client.joinById(game.code, { role: "screen", code: game.code });
    const teamA = await client.joinById(game.code, { role: "team", code: game.code, teamToken: teams.A.teamToken, playerName: "Ada" });
    const teamB = await client.joinById(game.code, { role: "team", code: game.code, teamToken: teams.B.teamToken, playerName: "Bo" });
    rooms.push(host, screen, teamA, teamB);

    expect((await fd.api("POST", `/api/games/${game.code}/start`, {}, game.hostKey)).status).toBe(200);
    const injected = await fd.api<{ injected: unknown[] }>("POST", `/api/games/${game.code}/inject`, { scenario: SCENARIO }, game.hostKey);
    expect(injected.status).toBe(200);
    expect(injected.body.injected).toHaveLength(3);

    // The break is real: A's frontend pods cannot pull their image.
    await waitFor(async () => {
      const r = await kubectl(["get", "pods", "-l", "app=frontend"], { kubeconfig: teams.A.kubeconfig });
      return /ErrImagePull|ImagePullBackOff/.test(r.stdout);
    }, "team A's frontend to show ImagePullBackOff");

    // A investigates, then fixes.
    const describe = await kubectl(["describe", "pods", "-l", "app=frontend"], { kubeconfig: teams.A.kubeconfig });
    expect(describe.stdout).toMatch(/Failed to pull image/);
    await waitFor(() => (stateOf(teamA).privates[teams.A.teamId]?.incidents[0]?.status ?? "") === "diagnosed", "A's console to show diagnosed");
    const fixA = await kubectl(["set", "image", "deployment/frontend", `frontend=${GOOD_IMAGE}`], { kubeconfig: teams.A.kubeconfig });
    expect(fixA.stdout).toContain("deployment.apps/frontend image updated");
    // B fixes blind; C takes the cheap way out.
    const fixB = await kubectl(["set", "image", "deployment/frontend", `frontend=${GOOD_IMAGE}`], { kubeconfig: teams.B.kubeconfig });
    expect(fixB.code).toBe(0);
    const cheat = await kubectl(["delete", "deployment", "frontend"], { kubeconfig: teams.C.kubeconfig });
    expect(cheat.stdout).toContain('deployment.apps "frontend" deleted');

    let lastBoard: unknown;
    const board = await waitFor(
      async () => {
        const r = await fd.api<LeaderboardResponse>("GET", `/api/games/${game.code}/leaderboard`);
        lastBoard = r.body;
        const status = (id: string) => r.body.teams.find((t) => t.teamId === id)?.incidents[0]?.status;
        return status(teams.A.teamId) === "recovered" && status(teams.B.teamId) === "recovered" && status(teams.C.teamId) === "expired" ? r.body : undefined;
      },
      () => `A and B to recover and C to expire; last board: ${JSON.stringify(lastBoard)}`,
      (TIME_LIMIT_S + 30) * 1000,
    );
    expect(board.teams.map((t) => t.name)).toEqual(["Orion", "Vega", "Lyra"]);
    const [a, b, c] = board.teams.map((t) => t.incidents[0]!);
    expect(a!.ttdMs).toBeGreaterThan(0);
    expect(a!.ttrMs).toBeGreaterThan(a!.ttdMs!);
    expect(b!.ttdMs).toBeNull();
    expect(b!.ttrMs).toBeGreaterThan(0);
    expect(c!.ttrMs).toBeNull();
    expect(board.teams[0]!.points).toBeGreaterThan(board.teams[1]!.points);
    expect(board.teams[1]!.points).toBeGreaterThan(board.teams[2]!.points);

    // Every role sees the same ranks live; private data reaches only its own team (and the host).
    await waitFor(() => stateOf(screen).teams[teams.A.teamId]?.rank === 1 && stateOf(screen).teams[teams.C.teamId]?.rank === 3, "the screen to show the final ranks");
    expect(Object.keys(stateOf(screen).privates ?? {})).toEqual([]);
    expect(Object.keys(stateOf(teamA).privates)).toEqual([teams.A.teamId]);
    expect(Object.keys(stateOf(teamB).privates)).toEqual([teams.B.teamId]);
    expect(Object.keys(stateOf(host).privates).sort()).toEqual([teams.A.teamId, teams.B.teamId, teams.C.teamId].sort());
    expect(stateOf(teamA).privates[teams.A.teamId]!.activity.some((x) => x.kubectlCommand === "kubectl describe")).toBe(true);

    // The debrief opens at the end, with each team's timeline and commands.
    expect((await fd.api("GET", `/api/games/${game.code}/debrief`, undefined, teams.A.teamToken)).status).toBe(409);
    expect((await fd.api("POST", `/api/games/${game.code}/end`, {}, game.hostKey)).status).toBe(200);
    const debrief = await fd.api<DebriefResponse>("GET", `/api/games/${game.code}/debrief`, undefined, game.hostKey);
    expect(debrief.status).toBe(200);
    const inc = debrief.body.incidents[0]!;
    expect(inc.scenario).toBe(SCENARIO);
    expect(inc.debriefMarkdown).toContain("## What happened");
    const orion = inc.teams.find((t) => t.teamId === teams.A.teamId)!;
    expect(orion.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["injected", "diagnosed", "fix-attempted", "recovered"]));
    expect(orion.commands.map((x) => x.kubectlCommand)).toEqual(expect.arrayContaining(["kubectl describe", "kubectl set image"]));
    const lyra = inc.teams.find((t) => t.teamId === teams.C.teamId)!;
    expect(lyra.commands.map((x) => x.kubectlCommand)).toContain("kubectl delete");
  });
});

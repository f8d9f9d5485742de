/**
 * Crash and restore: Firedrill runs as its own process; mid-incident it is SIGKILLed (no shutdown hooks)
 * and started again on the same data dir and ports. In `sim` mode the cluster's objects die with the
 * process, so the restarted server rebuilds the team's namespace from the baseline and breaks it again
 * with the same params. The team then fixes it with real kubectl through its old kubeconfig, and the
 * incident's TTR counts from the original injection. The event log written before the kill is a prefix
 * of the log afterwards: nothing lost, nothing rewritten.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, createDatabase, GameRepository } from "../../../server/src/db/index.js";
import { loadGameEvents } from "../../../server/src/game/event-log.js";
import type { GameEvent } from "../../../server/src/engine/index.js";
import type { CreateGameResponse, CreateTeamResponse, GameInfo, LeaderboardResponse } from "../../../server/src/protocol/index.js";
import { kubectl } from "../../helpers/kubectl.js";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { waitFor } from "../../helpers/wait.js";
import { api, freePorts, killHard, startFiredrillProcess, stopGracefully, type FiredrillProcess } from "./firedrill-process.js";

const SCENARIO = "image-pull-backoff";
const GOOD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
/** Long enough that the incident is still open after the crash, the restart and the fix. */
const TIME_LIMIT_S = 300;
/** Time between the injection and the kill, at least: TTR must include it. */
const MIN_INCIDENT_AGE_BEFORE_KILL_MS = 3_000;

const dataDir = mkdtempSync(join(tmpdir(), "firedrill-crash-"));
const kubeconfigDir = mkdtempSync(join(tmpdir(), "firedrill-crash-kc-"));
const library = makeScenarioLibrary({ [SCENARIO]: { timeLimit: `${TIME_LIMIT_S}s`, sustainFor: "2s" } });
let proc: FiredrillProcess | undefined;

afterAll(async () => {
  await stopGracefully(proc);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(kubeconfigDir, { recursive: true, force: true });
  rmSync(library, { recursive: true, force: true });
});

/** The log as the database holds it (read from outside the server, as a restart would). */
async function persistedLog(code: string): Promise<GameEvent[]> {
  const db = await createDatabase(`file:${join(dataDir, "firedrill.db")}`);
  try {
    const row = await new GameRepository(db).findByCode(code);
    if (!row) throw new Error(`game ${code} is not in the database`);
    return await loadGameEvents(db, row.id);
  } finally {
    await closeDatabase(db);
  }
}

describe("a SIGKILLed server restarts mid-incident", () => {
  it("restores the running game, rebuilds the lost namespace with its break, keeps TTR from the original injection and loses no event", async () => {
    const [port, gatewayPort, simPort] = await freePorts(3);
    const env = {
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
      SIM_PORT: String(simPort),
      HOST: "127.0.0.1",
      FIREDRILL_PUBLIC_HOST: "127.0.0.1",
      FIREDRILL_DATA_DIR: dataDir,
      FIREDRILL_SCENARIOS_DIR: library,
      FIREDRILL_TIME_SCALE: "20",
    };
    proc = await startFiredrillProcess(env);
    const base = proc.url;

    const created = await api<CreateGameResponse>(base, "POST", "/api/games", { name: "Crash cup", scenarios: [SCENARIO], settings: { openRegistration: false } });
    expect(created.status, created.text).toBe(201);
    const { code, hostKey } = created.body;
    const team = await api<CreateTeamResponse>(base, "POST", `/api/games/${code}/teams`, { name: "Phoenix" }, hostKey);
    expect(team.status, team.text).toBe(201);
    const kc = await api(base, "GET", `/api/games/${code}/teams/${team.body.teamId}/kubeconfig`, undefined, team.body.teamToken);
    expect(kc.status).toBe(200);
    const kubeconfig = join(kubeconfigDir, "phoenix.kubeconfig");
    writeFileSync(kubeconfig, kc.text);

    expect((await api(base, "POST", `/api/games/${code}/start`, {}, hostKey)).status).toBe(200);
    const injected = await api<{ injected: { incidentId: string }[] }>(base, "POST", `/api/games/${code}/inject`, { scenario: SCENARIO }, hostKey);
    expect(injected.status, injected.text).toBe(200);
    const badPods = async () => /ErrImagePull|ImagePullBackOff/.test((await kubectl(["get", "pods", "-l", "app=frontend"], { kubeconfig })).stdout);
    await waitFor(badPods, "the frontend to show ImagePullBackOff before the crash");
    // the team investigates before the crash: the diagnosis must survive it
    expect((await kubectl(["describe", "pods", "-l", "app=frontend"], { kubeconfig })).stdout).toMatch(/Failed to pull image/);
    await waitFor(async () => (await persistedLog(code)).some((e) => e.type === "incident-diagnosed"), "the diagnosis to be persisted");

    const injectedAt = (await persistedLog(code)).find((e) => e.type === "incident-injected")!.at;
    await waitFor(() => Date.now() - injectedAt >= MIN_INCIDENT_AGE_BEFORE_KILL_MS, "the incident to age");
    await killHard(proc);
    const killedAt = Date.now();
    const before = await persistedLog(code);
    expect(before.map((e) => e.type)).toEqual(expect.arrayContaining(["game-created", "team-joined", "game-started", "incident-injected", "incident-diagnosed"]));

    proc = await startFiredrillProcess(env);
    // the leaderboard answers only for an active (restored) game; GET /api/games/:code falls back to the database
    const boardAfterRestart = await waitFor(async () => {
      const r = await api<LeaderboardResponse>(base, "GET", `/api/games/${code}/leaderboard`);
      return r.status === 200 ? r.body : undefined;
    }, () => `the game to be restored; server output:\n${proc!.output()}`);
    expect(boardAfterRestart.teams[0]?.incidents[0]?.status, JSON.stringify(boardAfterRestart)).toBe("diagnosed");
    const info = await api<GameInfo>(base, "GET", `/api/games/${code}`);
    expect(info.body.phase).toBe("running");
    expect(info.body.teams.map((t) => t.teamId)).toEqual([team.body.teamId]);

    // The namespace was rebuilt and is broken again, reachable with the kubeconfig issued before the crash.
    await waitFor(badPods, () => `the rebuilt namespace to be broken again; server output:\n${proc!.output()}`);
    const fix = await kubectl(["set", "image", "deployment/frontend", `frontend=${GOOD_IMAGE}`], { kubeconfig });
    expect(fix.stdout, fix.stderr).toContain("deployment.apps/frontend image updated");

    let last: unknown;
    const board = await waitFor(
      async () => {
        const r = await api<LeaderboardResponse>(base, "GET", `/api/games/${code}/leaderboard`);
        last = r.body;
        return r.body.teams[0]?.incidents[0]?.status === "recovered" ? r.body : undefined;
      },
      () => `the incident to recover after the restart; last board: ${JSON.stringify(last)}`,
      90_000,
    );
    const incident = board.teams[0]!.incidents[0]!;
    expect(incident.ttrMs).toBeGreaterThanOrEqual(killedAt - injectedAt);
    expect(incident.ttdMs).toBeGreaterThan(0);
    expect(incident.ttdMs!).toBeLessThan(killedAt - injectedAt);

    const after = await persistedLog(code);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.filter((e) => e.type === "incident-injected")).toHaveLength(1);
    expect(after.some((e) => e.type === "incident-recovered")).toBe(true);
  }, 300_000);
});

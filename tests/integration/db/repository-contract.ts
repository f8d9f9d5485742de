/**
 * Assertions every database provider must pass: run against a migrated, empty database by the
 * SQLite and PostgreSQL integration tests, so both paths are held to the same behaviour.
 */
import { expect } from "vitest";
import {
  ActivityRepository,
  GameEventRepository,
  checkDatabase,
  type Database,
  type NewActivity,
} from "../../../server/src/db/index.js";

let counter = 0;

/** A Game row to hang events on (GameEvent.gameId is a foreign key). */
export async function makeGame(db: Database, name = "drill"): Promise<string> {
  counter += 1;
  const game = await db.game.create({
    data: {
      code: `T${process.pid}${counter}`.slice(0, 12),
      name,
      hostKeyHash: "0".repeat(64),
      settings: { roundMinutes: 10, scenarios: ["image-pull-backoff"], nested: { on: true, ratio: 0.5, none: null } },
    },
  });
  return game.id;
}

export async function assertGameEventsAppendAndListInOrder(db: Database): Promise<void> {
  const events = new GameEventRepository(db);
  const gameA = await makeGame(db, "a");
  const gameB = await makeGame(db, "b");
  const t0 = new Date("2026-11-21T10:00:00.000Z");
  const kinds = ["game-started", "incident-injected", "clue-found", "incident-diagnosed", "incident-recovered"];
  const appended = [];
  for (const [i, kind] of kinds.entries()) {
    appended.push(
      await events.append({
        gameId: gameA,
        teamId: i === 0 ? null : "team-1",
        incidentId: i === 0 ? undefined : "incident-1",
        // the same timestamp twice: order must come from seq, not from `at`
        at: new Date(t0.getTime() + Math.min(i, 3) * 1000),
        kind,
        payload: { step: i, detail: { kubectl: "kubectl get pods", when: t0 }, list: [1, "two", false, null] },
      }),
    );
    await events.append({ gameId: gameB, at: t0, kind: "noise", payload: { i } });
  }

  const seqs = appended.map((e) => e.seq);
  expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  expect(new Set(seqs).size).toBe(seqs.length);

  const listed = await events.listForGame(gameA);
  expect(listed.map((e) => e.kind)).toEqual(kinds);
  expect(listed).toEqual(appended);
  expect(listed[0]).toMatchObject({ gameId: gameA, teamId: null, incidentId: null, at: t0 });
  expect(listed[1]).toMatchObject({ teamId: "team-1", incidentId: "incident-1" });
  // payloads come back as plain JSON (the Date became an ISO string)
  expect(listed[2]!.payload).toEqual({
    step: 2,
    detail: { kubectl: "kubectl get pods", when: t0.toISOString() },
    list: [1, "two", false, null],
  });

  const resumed = await events.listForGame(gameA, { afterSeq: seqs[2] });
  expect(resumed.map((e) => e.kind)).toEqual(kinds.slice(3));
  expect(await events.listForGame("no-such-game")).toEqual([]);
  expect((await events.listForGame(gameB)).every((e) => e.kind === "noise")).toBe(true);

  // append-only: the repository offers no way to change history
  const proto = Object.getOwnPropertyNames(GameEventRepository.prototype).filter((n) => n !== "constructor");
  expect(proto.sort()).toEqual(["append", "listForGame"]);
}

export async function assertGameEventRequiresExistingGame(db: Database): Promise<void> {
  const events = new GameEventRepository(db);
  await expect(events.append({ gameId: "missing-game", at: new Date(), kind: "x", payload: {} })).rejects.toThrow();
}

export async function assertActivityBatch(db: Database): Promise<void> {
  const activities = new ActivityRepository(db);
  expect(await activities.appendBatch([])).toBe(0);
  const at = new Date("2026-11-21T10:05:00.000Z");
  const batch: NewActivity[] = Array.from({ length: 250 }, (_, i) => ({
    gameId: "game-x",
    teamId: i % 2 === 0 ? "team-even" : "team-odd",
    at: new Date(at.getTime() + Math.floor(i / 10) * 1000),
    verb: i % 3 === 0 ? "list" : "get",
    resource: "pods",
    subresource: i === 7 ? "log" : undefined,
    namespace: "team-even",
    name: i % 3 === 0 ? null : `backend-${i}`,
    kubectlCommand: "kubectl get",
    session: "session-1",
    code: i === 11 ? 403 : 200,
    latencyMs: 3.6,
    allowed: i !== 11,
    outOfBounds: i === 11,
    userAgent: "kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef",
  }));
  expect(await activities.appendBatch(batch)).toBe(250);

  const even = await activities.listForTeam("team-even");
  expect(even).toHaveLength(125);
  const odd = await activities.listForTeam("team-odd");
  expect(odd.find((a) => a.code === 403)).toMatchObject({
    allowed: false,
    outOfBounds: true,
    latencyMs: 4,
    verb: "get",
    name: "backend-11",
  });
  expect(odd.find((a) => a.subresource === "log")?.name).toBe("backend-7");
  // time order, ties broken by insertion order
  const times = even.map((a) => a.at.getTime());
  expect([...times].sort((x, y) => x - y)).toEqual(times);
  const ids = even.map((a) => a.id);
  expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  expect((await activities.listForGame("game-x")).length).toBe(250);
  // activity needs no game row: the gateway records requests even before/without a game
  expect(await activities.appendBatch([{ at, verb: "get", resource: "namespaces", code: 401, latencyMs: 1, allowed: false }])).toBe(1);
}

export async function assertHealthy(db: Database): Promise<void> {
  expect(await checkDatabase(db)).toEqual({ ok: true });
}

/** Repositories work inside an interactive transaction, and a rollback takes the event with it. */
export async function assertAppendInsideTransaction(db: Database): Promise<void> {
  const gameId = await makeGame(db, "tx");
  await db.$transaction(async (tx) => {
    await new GameEventRepository(tx).append({ gameId, at: new Date(), kind: "committed", payload: {} });
  });
  await expect(
    db.$transaction(async (tx) => {
      await new GameEventRepository(tx).append({ gameId, at: new Date(), kind: "rolled-back", payload: {} });
      throw new Error("state change failed");
    }),
  ).rejects.toThrow("state change failed");
  expect((await new GameEventRepository(db).listForGame(gameId)).map((e) => e.kind)).toEqual(["committed"]);
}

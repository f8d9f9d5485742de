/**
 * Room message fuzzing: Colyseus SDK clients of every role send random payloads (fast-check) for every
 * message type and for unknown types. The server never crashes; the sender gets an `error` message that
 * names the offending field; nothing in the game changes (event log, phase, the host's full state view).
 * A screen can change nothing at all, and a team cannot use host messages — even with valid payloads.
 * Joins with malformed options are refused with a message that names the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Client, type Room } from "@colyseus/sdk";
import {
  HostMessages,
  JoinOptionsSchema,
  TeamMessages,
  type CreateGameResponse,
  type CreateTeamResponse,
  type ErrorMessage,
  type GameStateView,
} from "../../../server/src/protocol/index.js";
import type { ZodType } from "zod";
import { makeScenarioLibrary } from "../../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../../helpers/firedrill.js";
import { waitFor } from "../../helpers/wait.js";

const SCENARIO = "image-pull-backoff";
/** Longest wait for the error reply to one message, in ms. */
const REPLY_TIMEOUT_MS = 5_000;
/** Random payloads per (role, message type); every one is a real websocket round trip. */
const RUNS_PER_TYPE = 60;
const FUZZ_SEED = 20_261_121;

type Role = "host" | "team" | "screen";
const ALL_TYPES = [...Object.keys(TeamMessages), ...Object.keys(HostMessages)];
const SCHEMAS: Record<string, ZodType> = { ...TeamMessages, ...HostMessages };

let fd: TestFiredrill;
let game: CreateGameResponse;
let team: CreateTeamResponse;
let other: CreateTeamResponse;
const rooms: Partial<Record<Role | "other", Room>> = {};
/** Error replies per client, in arrival order. */
const inbox = new Map<Room, ErrorMessage[]>();
/** Connections the server dropped (it must never drop a client for what it sent). */
const drops: string[] = [];
let lastSent = "";
/** Called on every error reply to a client (resolves the pending sendAndExpectError). */
const waiters = new Map<Room, () => void>();

function stateOf(room: Room): GameStateView {
  return (room.state as { toJSON(): GameStateView }).toJSON();
}

function runtime() {
  return fd.service.active(game.code)!.runtime;
}

/** Sends one message and resolves with the error the server answers it with. */
async function sendAndExpectError(room: Room, type: string, payload: unknown): Promise<ErrorMessage> {
  const box = inbox.get(room)!;
  const seen = box.length;
  lastSent = `${type} ${safeJson(payload)}`;
  const reply = new Promise<ErrorMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no error reply within ${REPLY_TIMEOUT_MS} ms to "${type}" ${safeJson(payload)}`)), REPLY_TIMEOUT_MS);
    waiters.set(room, () => {
      if (box.length <= seen) return;
      clearTimeout(timer);
      waiters.delete(room);
      resolve(box[seen]!);
    });
  });
  if (payload === undefined) room.send(type);
  else room.send(type, payload);
  return reply;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** What must not move while clients misbehave: the log, the phase and everything the host sees. */
function snapshot() {
  return { events: runtime().events().length, phase: runtime().phase, state: JSON.stringify(stateOf(rooms.host!)) };
}

/** The field names the schema's issues point at ("payload" for the payload as a whole). */
function issueFields(schema: ZodType, payload: unknown): string[] {
  const r = schema.safeParse(payload ?? {});
  return r.success ? [] : r.error.issues.map((i) => (i.path.length ? i.path.join(".") : "payload"));
}

/** Anything msgpack can carry, plus shapes close to the real ones (right keys, wrong values). */
function payloadArbitrary(type: string): fc.Arbitrary<unknown> {
  const keys = type === "declareRootCause" ? ["incidentId", "optionId"] : type === "buyHint" ? ["incidentId", "hintIndex"] : type === "injectNow" ? ["scenario", "teams"] : type === "resetTeam" ? ["teamId"] : type === "broadcast" ? ["text"] : type === "freeze" ? ["frozen"] : [];
  const value = fc.anything({ maxDepth: 2, withNullPrototype: false });
  const nearMiss = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
    : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 });
  return fc.oneof(value, nearMiss, fc.constant(undefined), fc.constant(null));
}

beforeAll(async () => {
  const library = makeScenarioLibrary({ [SCENARIO]: { timeLimit: "600s", sustainFor: "5s", hintUnlockAfter: "0s" } });
  fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: library });
  const created = await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Fuzz cup", scenarios: [SCENARIO], settings: { openRegistration: false } });
  expect(created.status).toBe(201);
  game = created.body;
  for (const [name, set] of [["Quokka", (t: CreateTeamResponse) => (team = t)], ["Wombat", (t: CreateTeamResponse) => (other = t)]] as const) {
    const t = await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name }, game.hostKey);
    expect(t.status).toBe(201);
    set(t.body);
  }
  const client = new Client(fd.url);
  rooms.host = await client.joinById(game.code, { role: "host", code: game.code, hostKey: game.hostKey });
  rooms.team = await client.joinById(game.code, { role: "team", code: game.code, teamToken: team.teamToken, playerName: "Ada" });
  rooms.screen = await client.joinById(game.code, { role: "screen", code: game.code });
  rooms.other = await client.joinById(game.code, { role: "team", code: game.code, teamToken: other.teamToken, playerName: "Bo" });
  for (const room of Object.values(rooms)) {
    const box: ErrorMessage[] = [];
    inbox.set(room!, box);
    room!.onMessage("error", (m: ErrorMessage) => {
      box.push(m);
      waiters.get(room!)?.();
    });
    room!.onMessage("*", () => {}); // ticker, broadcast: not under test here
    room!.onDrop((code: number) => drops.push(`${code} after ${lastSent}`));
  }
  // every join has reached the host's view before the fuzzing compares snapshots
  await waitFor(() => {
    const teams = stateOf(rooms.host!).teams ?? {};
    return teams[team.teamId]?.playersOnline === 1 && teams[other.teamId]?.playersOnline === 1;
  }, "the host to see one player online in each team");
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(rooms).map((r) => r?.leave().catch(() => {})));
  await fd?.close();
});

describe("room messages under fuzzing (game in the lobby)", () => {
  for (const role of ["host", "team", "screen"] as const) {
    for (const type of ALL_TYPES) {
      const hostOnly = type in HostMessages;
      const allowed = role === "host" ? hostOnly : role === "team" ? !hostOnly : false;
      it(`${role} → ${type}: random payloads get an error naming the problem and change nothing`, async () => {
        const schema = SCHEMAS[type]!;
        const before = snapshot();
        // a host's valid payload would be obeyed (that is not an error): fuzz only invalid ones there
        const arb = payloadArbitrary(type).filter((p) => role !== "host" || !hostOnly || !schema.safeParse(p ?? {}).success);
        await fc.assert(
          fc.asyncProperty(arb, async (payload) => {
            const err = await sendAndExpectError(rooms[role]!, type, payload);
            expect(err.type).toBe(type);
            if (!allowed) {
              expect(err.code).toBe("forbidden");
              expect(err.message).toMatch(hostOnly ? /only the host can do that/ : /only team members can do that/);
            } else if (!schema.safeParse(payload ?? {}).success) {
              expect(err.code).toBe("invalid-message");
              expect(err.message).toContain(`invalid "${type}"`);
              for (const field of issueFields(schema, payload)) expect(err.message).toContain(`${field}:`);
            } else {
              // a well-formed team message about an incident that does not exist
              expect(err.code).toBe("not-allowed-now");
              expect(err.message).toMatch(/no such incident for your team/);
            }
            expect(runtime().events().length).toBe(before.events);
          }),
          { numRuns: RUNS_PER_TYPE, seed: FUZZ_SEED },
        );
        await new Promise((r) => setTimeout(r, 100)); // let any (wrong) patch arrive
        expect(snapshot()).toEqual(before);
        expect(drops).toEqual([]);
      });
    }

    it(`${role} → unknown message types get an error naming the type and change nothing`, async () => {
      const before = snapshot();
      const unknownType = fc.oneof(
        fc.string({ minLength: 1, maxLength: 24 }),
        fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "START", "inject", "error"),
      ).filter((t) => !ALL_TYPES.includes(t));
      await fc.assert(
        fc.asyncProperty(unknownType, payloadArbitrary("unknown"), async (type, payload) => {
          const err = await sendAndExpectError(rooms[role]!, type, payload);
          expect(err.code).toBe("invalid-message");
          expect(err.message).toBe(`unknown message type "${type}"`);
        }),
        { numRuns: RUNS_PER_TYPE, seed: FUZZ_SEED },
      );
      expect(snapshot()).toEqual(before);
    });
  }

  it("well-formed host commands from a screen or a team are refused and change nothing", async () => {
    const valid: [string, unknown][] = [
      ["start", {}],
      ["start", undefined],
      ["pause", {}],
      ["resume", {}],
      ["end", {}],
      ["injectNow", { scenario: SCENARIO }],
      ["resetTeam", { teamId: team.teamId }],
      ["broadcast", { text: "all teams: you won" }],
      ["freeze", { frozen: true }],
    ];
    const before = snapshot();
    for (const role of ["screen", "team"] as const) {
      for (const [type, payload] of valid) {
        expect(HostMessages[type as keyof typeof HostMessages].safeParse(payload ?? {}).success).toBe(true);
        const err = await sendAndExpectError(rooms[role]!, type, payload);
        expect(err).toEqual({ code: "forbidden", type, message: "only the host can do that" });
      }
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(snapshot()).toEqual(before);
  });

  it("names the field in hand-picked invalid payloads", async () => {
    const cases: [Role, string, unknown, RegExp][] = [
      ["team", "buyHint", { incidentId: "x", hintIndex: -1 }, /invalid "buyHint": hintIndex: /],
      ["team", "buyHint", { incidentId: "x", hintIndex: 1.5 }, /hintIndex: /],
      ["team", "declareRootCause", { incidentId: "", optionId: "a" }, /incidentId: /],
      ["team", "declareRootCause", { incidentId: "i", optionId: "a", extra: 1 }, /extra/],
      ["host", "broadcast", { text: "x".repeat(281) }, /text: /],
      ["host", "broadcast", { text: "   " }, /text: /],
      ["host", "injectNow", { scenario: SCENARIO, teams: [] }, /teams: /],
      ["host", "freeze", { frozen: "yes" }, /frozen: /],
      ["host", "start", "go", /payload: /],
    ];
    for (const [role, type, payload, pattern] of cases) {
      const err = await sendAndExpectError(rooms[role]!, type, payload);
      expect(err.code).toBe("invalid-message");
      expect(err.message).toMatch(pattern);
    }
  });
});

describe("room messages during a running incident", () => {
  it("a screen and another team cannot declare or buy hints on a team's incident; the team itself can", async () => {
    rooms.host!.send("start", {});
    await waitFor(() => runtime().phase === "running", "the game to start");
    rooms.host!.send("injectNow", { scenario: SCENARIO, teams: [team.teamId] });
    const incidentId = await waitFor(() => runtime().incidentsOf(team.teamId)[0]?.state.incidentId, "the incident to be injected");
    const scoringEvents = () => runtime().events().filter((e) => e.type === "hint-bought" || e.type === "root-cause-declared").length;
    const hintCount = runtime().incident(incidentId)!.scenario.hints.length;
    expect(hintCount).toBeGreaterThan(0);

    for (const [type, payload] of [
      ["buyHint", { incidentId, hintIndex: 0 }],
      ["declareRootCause", { incidentId, optionId: runtime().incident(incidentId)!.scenario.rootCause!.options[0]!.id }],
    ] as const) {
      expect(await sendAndExpectError(rooms.screen!, type, payload)).toEqual({ code: "forbidden", type, message: "only team members can do that" });
      expect(await sendAndExpectError(rooms.host!, type, payload)).toEqual({ code: "forbidden", type, message: "only team members can do that" });
      expect(await sendAndExpectError(rooms.other!, type, payload)).toEqual({ code: "not-allowed-now", type, message: "no such incident for your team" });
    }
    expect(scoringEvents()).toBe(0);
    // the owner's out-of-range hint is refused with a reason, and a valid one goes through
    const outOfRange = await sendAndExpectError(rooms.team!, "buyHint", { incidentId, hintIndex: hintCount });
    expect(outOfRange.code).toBe("not-allowed-now");
    expect(scoringEvents()).toBe(0);
    const errorsBefore = inbox.get(rooms.team!)!.length;
    rooms.team!.send("buyHint", { incidentId, hintIndex: 0 });
    await waitFor(() => scoringEvents() === 1, "the owner's hint purchase to be recorded");
    expect(inbox.get(rooms.team!)!.length).toBe(errorsBefore);
    expect(drops).toEqual([]);
  });
});

describe("joining with malformed options", () => {
  it("is refused with a message naming the field, for hand-picked and random options", async () => {
    const client = new Client(fd.url);
    const refusal = async (options: unknown): Promise<string> => {
      try {
        const room = await client.joinById(game.code, options as Record<string, unknown>);
        await room.leave().catch(() => {});
        throw new Error(`joined with ${safeJson(options)}`);
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(await refusal({})).toMatch(/invalid join options: role: /);
    expect(await refusal({ role: "admin", code: game.code })).toMatch(/invalid join options: role: /);
    expect(await refusal({ role: "team", code: game.code, teamToken: team.teamToken })).toMatch(/playerName: /);
    expect(await refusal({ role: "team", code: game.code, teamToken: team.teamToken, playerName: "x".repeat(41) })).toMatch(/playerName: /);
    expect(await refusal({ role: "host", code: game.code, hostKey: "" })).toMatch(/hostKey: /);
    expect(await refusal({ role: "screen", code: game.code, hostKey: "sneaky" })).toMatch(/invalid join options: .*hostKey/);
    expect(await refusal({ role: "host", code: game.code, hostKey: "fdh_wrong" })).toMatch(/wrong host key/);
    expect(await refusal({ role: "team", code: game.code, teamToken: "fdt_wrong", playerName: "Eve" })).toMatch(/unknown team token/);
    expect(await refusal({ role: "screen", code: "ZZZZZZ" })).toMatch(/another game/);

    const before = snapshot();
    const options = fc
      .oneof(
        // null-prototype objects are left out: the SDK itself cannot send them (createMatchMakeRequest throws)
        fc.anything({ maxDepth: 2, withNullPrototype: false }).filter((o) => typeof o === "object" && o !== null && !Array.isArray(o)),
        fc.record({ role: fc.oneof(fc.constantFrom("team", "host", "screen"), fc.string()), code: fc.oneof(fc.constant(game.code), fc.string()), teamToken: fc.string(), hostKey: fc.string(), playerName: fc.string() }, { requiredKeys: [] }),
      )
      // as JSON, the way the SDK's matchmaking request carries them
      .map((o) => JSON.parse(JSON.stringify(o)) as unknown)
      .filter((o) => !JoinOptionsSchema.safeParse(o).success);
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        expect(await refusal(o)).toMatch(/invalid join options: \S+: /);
      }),
      { numRuns: 40, seed: FUZZ_SEED },
    );
    expect(snapshot().events).toBe(before.events);
    expect(fd.service.active(game.code)).toBeDefined();
  });
});

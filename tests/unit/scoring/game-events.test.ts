import { describe, expect, it } from "vitest";
import { GAME_EVENT_TYPES, parseGameEvent, safeParseGameEvent, sortBySeq, type GameEvent } from "../../../server/src/scoring/index.js";
import * as engineEvents from "../../../server/src/engine/game-events.js";

const base = { seq: 1, at: 1_767_258_000_000, gameId: "g1" };
/** One valid example of every event type. */
const EXAMPLES: Record<GameEvent["type"], Record<string, unknown>> = {
  "game-created": { name: "Friday drill", packId: "basics", scenarioIds: ["bad-image-tag"], scoring: { firstToRecoverShare: 0.2 } },
  "team-joined": { teamId: "t1", name: "Blue", namespace: "fd-abc-blue" },
  "game-started": {},
  "game-paused": {},
  "game-resumed": {},
  "game-ended": {},
  "incident-injected": { teamId: "t1", incidentId: "i1", scenarioId: "bad-image-tag", params: { tag: "2.0", replicas: 2 }, waveId: "timeline-0" },
  "clue-observed": { teamId: "t1", incidentId: "i1", clueIndex: 0, activityId: "a1", kubectlCommand: "kubectl describe" },
  "incident-diagnosed": { teamId: "t1", incidentId: "i1", clueIndex: 0, command: "kubectl describe" },
  "fix-attempted": { teamId: "t1", incidentId: "i1", command: "kubectl set image", verb: "patch", resource: "deployments", name: "frontend" },
  "incident-recovered": { teamId: "t1", incidentId: "i1", healthySince: 1_767_258_000_000 },
  "incident-expired": { teamId: "t1", incidentId: "i1" },
  "root-cause-declared": { teamId: "t1", incidentId: "i1", optionId: "bad-tag", correct: true, attempt: 1 },
  "hint-bought": { teamId: "t1", incidentId: "i1", hintIndex: 0, cost: 10 },
  "collateral-damage": { teamId: "t1", incidentId: "i1", target: "deployments/backend", startedAt: 1_767_258_000_000, durationMs: 45_000, command: "kubectl delete" },
  "team-reset": { teamId: "t1", reason: "asked for it" },
  broadcast: { message: "5 minutes left" },
  "scoreboard-frozen": {},
  "scoreboard-unfrozen": {},
};

describe("GameEvent vocabulary", () => {
  it("lists every type once, and the engine re-exports the same schema", () => {
    expect([...GAME_EVENT_TYPES].sort()).toEqual(Object.keys(EXAMPLES).sort());
    expect(engineEvents.gameEventSchema).toBeDefined();
    expect(engineEvents.parseGameEvent).toBe(parseGameEvent);
  });

  it.each(Object.entries(EXAMPLES))("%s parses and survives a JSON round trip", (type, payload) => {
    const e = parseGameEvent({ ...base, type, ...payload });
    expect(parseGameEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it.each([
    ["unknown type", { ...base, type: "game-exploded" }],
    ["missing seq", { at: base.at, gameId: "g", type: "game-started" }],
    ["fractional time", { ...base, at: 1.5, type: "game-started" }],
    ["negative seq", { ...base, seq: -1, type: "game-started" }],
    ["team event without team", { ...base, type: "incident-expired", incidentId: "i1" }],
    ["hint with negative cost", { ...base, type: "hint-bought", teamId: "t", incidentId: "i", hintIndex: 0, cost: -5 }],
    ["declaration attempt 0", { ...base, type: "root-cause-declared", teamId: "t", incidentId: "i", optionId: "o", correct: true, attempt: 0 }],
    ["not an object", "incident-expired"],
  ])("rejects %s with a clear error, never a crash", (_, input) => {
    const r = safeParseGameEvent(input);
    expect(r.success).toBe(false);
    expect(() => parseGameEvent(input)).toThrow();
  });

  it("sortBySeq orders by seq without mutating the input", () => {
    const a = parseGameEvent({ ...base, seq: 2, type: "game-started" });
    const b = parseGameEvent({ ...base, seq: 1, type: "game-created", name: "x" });
    const input = [a, b];
    expect(sortBySeq(input).map((e) => e.seq)).toEqual([1, 2]);
    expect(input[0]).toBe(a);
  });
});

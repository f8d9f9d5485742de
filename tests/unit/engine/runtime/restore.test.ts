import { describe, expect, it } from "vitest";
import { restoreFacts, timelineIndexOf } from "../../../../server/src/engine/runtime/restore.js";
import type { GameEvent, GameEventDraft } from "../../../../server/src/engine/index.js";

const log = (drafts: GameEventDraft[]): GameEvent[] => drafts.map((d, i) => ({ ...d, seq: i + 1, gameId: "g" }) as GameEvent);

describe("timelineIndexOf", () => {
  it.each([
    ["timeline-0", 0],
    ["timeline-12", 12],
    ["manual-3-1", null],
    ["timeline-x", null],
    [undefined, null],
  ])("%s → %s", (wave, index) => expect(timelineIndexOf(wave)).toBe(index));
});

describe("restoreFacts", () => {
  it.each<[string, GameEventDraft[], string]>([
    ["a new game", [{ type: "game-created", at: 1, name: "g" }], "lobby"],
    ["a started game", [{ type: "game-started", at: 2 }], "running"],
    ["a paused game", [{ type: "game-started", at: 2 }, { type: "game-paused", at: 3 }], "paused"],
    ["a resumed game", [{ type: "game-started", at: 2 }, { type: "game-paused", at: 3 }, { type: "game-resumed", at: 4 }], "running"],
    ["an ended game", [{ type: "game-started", at: 2 }, { type: "game-ended", at: 9 }], "ended"],
  ])("phase of %s", (_label, drafts, phase) => {
    expect(restoreFacts(log(drafts)).phase).toBe(phase);
  });

  it("recovers teams, pauses, fired timeline entries and open incidents with their params", () => {
    const facts = restoreFacts(
      log([
        { type: "team-joined", at: 1, teamId: "a", name: "Orion", namespace: "fd-x-orion" },
        { type: "game-started", at: 10 },
        { type: "incident-injected", at: 20, teamId: "a", incidentId: "i1", scenarioId: "oom-killed", params: { limit: "64Mi" }, waveId: "timeline-1" },
        { type: "incident-injected", at: 25, teamId: "a", incidentId: "i2", scenarioId: "dns", params: {}, waveId: "manual-7-1" },
        { type: "game-paused", at: 30 },
        { type: "game-resumed", at: 40 },
        { type: "scoreboard-frozen", at: 50 },
      ]),
    );
    expect(facts.teams).toEqual([{ teamId: "a", name: "Orion", namespace: "fd-x-orion" }]);
    expect(facts.startedAt).toBe(10);
    expect(facts.paused).toEqual([{ from: 30, to: 40 }]);
    expect(facts.fired).toEqual([{ teamId: "a", index: 1 }]);
    expect(facts.incidents.map((i) => [i.incidentId, i.params])).toEqual([
      ["i1", { limit: "64Mi" }],
      ["i2", {}],
    ]);
    expect(facts.frozen).toBe(true);
  });
});

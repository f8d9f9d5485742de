import { describe, expect, it } from "vitest";
import { clock, tickerLines, type TickerContext } from "../../../server/src/game/ticker.js";
import type { GameEvent, GameEventDraft } from "../../../server/src/engine/index.js";

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
const log = (drafts: GameEventDraft[]): GameEvent[] => drafts.map((d, i) => ({ ...d, seq: i + 1, gameId: "g" }) as GameEvent);

function ctx(over: Partial<TickerContext> = {}): TickerContext {
  return {
    teamName: (id) => ({ a: "Orion", b: "Vega" })[id] ?? id,
    scenarioTitle: () => "ImagePullBackOff",
    injection: () => ({ at: T0, scenarioId: "image-pull-backoff", waveId: "timeline-0" }),
    isFirstRecovery: (_id, seq) => seq === 3,
    frozen: false,
    announcedWaves: new Set(),
    ...over,
  };
}

const events = log([
  { type: "incident-injected", at: T0, teamId: "a", incidentId: "ia", scenarioId: "image-pull-backoff", params: {}, waveId: "timeline-0" },
  { type: "incident-injected", at: T0, teamId: "b", incidentId: "ib", scenarioId: "image-pull-backoff", params: {}, waveId: "timeline-0" },
  { type: "incident-recovered", at: T0 + 130_000, teamId: "a", incidentId: "ia", healthySince: T0 + 102_000 },
  { type: "incident-recovered", at: T0 + 200_000, teamId: "b", incidentId: "ib", healthySince: T0 + 180_000 },
  { type: "incident-diagnosed", at: T0 + 61_000, teamId: "b", incidentId: "ib", clueIndex: 0, command: "kubectl describe" },
]);

describe("ticker", () => {
  it.each([
    [0, "0:00"],
    [1_499, "0:01"],
    [102_000, "1:42"],
    [3_725_000, "62:05"],
  ])("clock(%d) = %s", (ms, text) => expect(clock(ms)).toBe(text));

  it("announces a wave once, the first recovery as such, and diagnoses with their time", () => {
    const lines = tickerLines(events, ctx());
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ["injected", "New incident: ImagePullBackOff"],
      ["first-to-recover", "Team Orion recovered ImagePullBackOff in 1:42 — first to recover!"],
      ["recovered", "Team Vega recovered ImagePullBackOff in 3:00"],
      ["diagnosed", "Team Vega diagnosed ImagePullBackOff in 1:01"],
    ]);
  });

  it("holds progress back while the scoreboard is frozen", () => {
    const lines = tickerLines(events, ctx({ frozen: true }));
    expect(lines.map((l) => l.kind)).toEqual(["injected"]);
  });

  it("does not announce a wave twice across batches", () => {
    const shared = ctx();
    tickerLines(events.slice(0, 1), shared);
    expect(tickerLines(events.slice(1, 2), shared)).toEqual([]);
  });
});

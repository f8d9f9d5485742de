import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeLeaderboard, parseGameEvent, type GameEvent } from "../../../server/src/scoring/index.js";
import { MIN, SCENARIOS, T0 } from "./log-builder.js";

/** A raw action at some time; turned into a valid, seq-ordered event log. */
type Op =
  | { kind: "diagnose" | "recover" | "expire" | "fix"; team: string; wave: number; t: number; since?: number }
  | { kind: "declare"; team: string; wave: number; t: number; correct: boolean }
  | { kind: "hint"; team: string; wave: number; t: number; hintIndex: number; cost: number }
  | { kind: "collateral"; team: string; wave: number | null; t: number; durationMs: number }
  | { kind: "pause" | "resume"; t: number };

const WAVES = [
  { id: "w0", scenarioId: "bad-image-tag", at: 0 },
  { id: "w1", scenarioId: "missing-configmap", at: 12 * MIN },
  { id: "w2", scenarioId: "unknown-scenario", at: 30 * MIN },
];

const time = fc.integer({ min: 0, max: 50 * MIN });
const opArb = (teams: string[]): fc.Arbitrary<Op> => {
  const team = fc.constantFrom(...teams);
  const wave = fc.integer({ min: 0, max: WAVES.length - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constantFrom("diagnose" as const, "recover" as const, "expire" as const, "fix" as const), team, wave, t: time, since: fc.integer({ min: 0, max: 5 * MIN }) }),
    fc.record({ kind: fc.constant("declare" as const), team, wave, t: time, correct: fc.boolean() }),
    fc.record({ kind: fc.constant("hint" as const), team, wave, t: time, hintIndex: fc.integer({ min: 0, max: 3 }), cost: fc.integer({ min: 0, max: 100 }) }),
    fc.record({ kind: fc.constant("collateral" as const), team, wave: fc.option(wave, { nil: null }), t: time, durationMs: fc.integer({ min: 0, max: 3 * MIN }) }),
    fc.record({ kind: fc.constantFrom("pause" as const, "resume" as const), t: time }),
  );
};

function buildLog(teams: string[], ops: Op[]): GameEvent[] {
  const drafts: { at: number; order: number; e: Record<string, unknown> }[] = [];
  let order = 0;
  const push = (at: number, e: Record<string, unknown>) => drafts.push({ at, order: order++, e });
  for (const team of teams) {
    push(0, { type: "team-joined", teamId: team, name: team.toUpperCase() });
    for (const w of WAVES) push(w.at, { type: "incident-injected", teamId: team, incidentId: `${w.id}-${team}`, scenarioId: w.scenarioId, params: {}, waveId: w.id });
  }
  for (const op of ops) {
    if (!("team" in op)) push(op.t, { type: op.kind === "pause" ? "game-paused" : "game-resumed" });
    else {
      const w = op.wave === null ? null : WAVES[op.wave]!;
      const incidentId = w ? `${w.id}-${op.team}` : undefined;
      const at = Math.max(op.t, w?.at ?? 0); // never before the injection
      const base = { teamId: op.team, incidentId };
      if (op.kind === "diagnose") push(at, { ...base, type: "incident-diagnosed", clueIndex: 0, command: "kubectl get" });
      if (op.kind === "fix") push(at, { ...base, type: "fix-attempted", command: "kubectl edit" });
      if (op.kind === "expire") push(at, { ...base, type: "incident-expired" });
      if (op.kind === "recover") push(at, { ...base, type: "incident-recovered", healthySince: T0 + Math.max(w!.at, at - (op.since ?? 0)) });
      if (op.kind === "declare") push(at, { ...base, type: "root-cause-declared", optionId: "o", correct: op.correct, attempt: 1 });
      if (op.kind === "hint") push(at, { ...base, type: "hint-bought", hintIndex: op.hintIndex, cost: op.cost });
      if (op.kind === "collateral") push(at + op.durationMs, { ...base, type: "collateral-damage", target: "deployments/x", startedAt: T0 + at, durationMs: op.durationMs });
    }
  }
  drafts.sort((a, b) => a.at - b.at || a.order - b.order);
  return drafts.map((d, i) => parseGameEvent({ ...d.e, seq: i + 1, at: T0 + d.at, gameId: "g" }));
}

const TEAMS = ["a", "b", "c"];
const logArb = fc.array(opArb(TEAMS), { maxLength: 40 });

describe("leaderboard properties", () => {
  it("points are finite integers, never NaN, and totals add up", () => {
    fc.assert(
      fc.property(logArb, (ops) => {
        const lb = computeLeaderboard(buildLog(TEAMS, ops), { scenarios: SCENARIOS });
        for (const t of lb.teams) {
          expect(Number.isInteger(t.points)).toBe(true);
          let sum = t.unlinkedCollateral;
          for (const i of t.incidents) {
            for (const v of Object.values(i.points)) expect(Number.isInteger(v)).toBe(true);
            const { total, ...parts } = i.points;
            expect(Object.values(parts).reduce((x, y) => x + y, 0)).toBe(total);
            sum += total;
          }
          expect(t.points).toBe(sum);
        }
      }),
    );
  });

  it("ranks are a permutation with ties (competition ranking) consistent with the order", () => {
    fc.assert(
      fc.property(logArb, (ops) => {
        const teams = computeLeaderboard(buildLog(TEAMS, ops), { scenarios: SCENARIOS }).teams;
        expect(teams.map((t) => t.teamId).sort()).toEqual(TEAMS);
        teams.forEach((t, i) => {
          if (i === 0) return expect(t.rank).toBe(1);
          const prev = teams[i - 1]!;
          expect(prev.points).toBeGreaterThanOrEqual(t.points);
          expect([prev.rank, i + 1]).toContain(t.rank);
          if (t.rank === prev.rank) expect([t.points, t.totalTtrMs, t.lastRecoveryAt]).toEqual([prev.points, prev.totalTtrMs, prev.lastRecoveryAt]);
        });
      }),
    );
  });

  it("an unrelated team's events never change another team's points, except first-to-recover", () => {
    fc.assert(
      fc.property(fc.array(opArb(["a", "b"]), { maxLength: 30 }), fc.array(opArb(["x"]), { minLength: 1, maxLength: 15 }), (ops, extra) => {
        const teamOps = extra.filter((o) => o.kind !== "pause" && o.kind !== "resume"); // pauses are game-wide
        const without = computeLeaderboard(buildLog(["a", "b"], ops), { scenarios: SCENARIOS });
        const withX = computeLeaderboard(buildLog(["a", "b", "x"], [...ops, ...teamOps]), { scenarios: SCENARIOS });
        for (const t of without.teams) {
          const u = withX.teams.find((x) => x.teamId === t.teamId)!;
          const bonus = (s: typeof t) => s.incidents.reduce((n, i) => n + i.points.firstToRecover, 0);
          expect(u.points - bonus(u)).toBe(t.points - bonus(t));
        }
      }),
    );
  });

  it("a frozen board equals the board over the events up to the freeze", () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 0, max: 50 * MIN }), (ops, freezeOffset) => {
        const log = buildLog(TEAMS, ops);
        const frozenAt = T0 + freezeOffset;
        const frozen = computeLeaderboard(log, { scenarios: SCENARIOS, frozenAt });
        const prefix = computeLeaderboard(
          log.filter((e) => e.at <= frozenAt),
          { scenarios: SCENARIOS },
        );
        expect(frozen.teams).toEqual(prefix.teams);
      }),
    );
  });
});

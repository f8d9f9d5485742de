import { describe, expect, it } from "vitest";
import {
  activeFreeze,
  computeLeaderboard,
  DEFAULT_SCORING_RULES,
  resolveScoringRules,
  rulesFromPackScoring,
  scenarioScoringTable,
  scoreTimeline,
  speedFactor,
  type PointsBreakdown,
} from "../../../server/src/scoring/index.js";
import { LogBuilder, MIN, SCENARIOS, SEC, T0 } from "./log-builder.js";

const board = (b: LogBuilder, extra: Partial<Parameters<typeof computeLeaderboard>[1]> = {}) =>
  computeLeaderboard(b.events, { scenarios: SCENARIOS, ...extra });
const incidentPoints = (b: LogBuilder, teamId = "a", extra = {}) =>
  board(b, extra).teams.find((t) => t.teamId === teamId)!.incidents[0]!.points;
const pts = (p: Partial<PointsBreakdown>): PointsBreakdown => {
  const full = { recovery: 0, diagnosisBonus: 0, declaration: 0, hints: 0, firstToRecover: 0, collateral: 0, ...p };
  return { ...full, total: Object.values(full).reduce((x, y) => x + y, 0) };
};

describe("speedFactor", () => {
  it.each([
    [0, 1],
    [5 * MIN, 0.75],
    [10 * MIN, 0.5],
    [20 * MIN, 0.5], // clamped after the limit
    [-5, 1], // clamped before 0
  ])("at %i ms of a 10 min limit is %f", (elapsed, factor) => {
    expect(speedFactor(elapsed, 10 * MIN, 0.5)).toBeCloseTo(factor, 10);
  });
  it("is 1 for a zero limit instead of NaN", () => {
    expect(speedFactor(1000, 0, 0.5)).toBe(1);
  });
});

describe("per-incident points (200-point scenario, 10 min limit, one team)", () => {
  // One team only, so it is also first to recover whenever it recovers (+20).
  const cases: { name: string; log: (b: LogBuilder) => LogBuilder; expected: PointsBreakdown; status: string }[] = [
    { name: "injected only", log: (b) => b, expected: pts({}), status: "injected" },
    { name: "recovered instantly: full points", log: (b) => b.recover("a", "i1", 0), expected: pts({ recovery: 200, firstToRecover: 20 }), status: "recovered" },
    { name: "recovered at half the limit: ×0.75", log: (b) => b.recover("a", "i1", 5 * MIN), expected: pts({ recovery: 150, firstToRecover: 20 }), status: "recovered" },
    { name: "recovered at the limit: ×0.5", log: (b) => b.recover("a", "i1", 10 * MIN), expected: pts({ recovery: 100, firstToRecover: 20 }), status: "recovered" },
    {
      name: "diagnosed at 2 min: 25% × 0.9",
      log: (b) => b.diagnose("a", "i1", 2 * MIN),
      expected: pts({ diagnosisBonus: 45 }),
      status: "diagnosed",
    },
    {
      name: "diagnosed then expired keeps the diagnosis bonus",
      log: (b) => b.diagnose("a", "i1", 2 * MIN).expire("a", "i1", 10 * MIN),
      expected: pts({ diagnosisBonus: 45 }),
      status: "expired",
    },
    {
      name: "diagnosed at 2 min, recovered at 4 min",
      log: (b) => b.diagnose("a", "i1", 2 * MIN).recover("a", "i1", 4 * MIN),
      expected: pts({ recovery: 160, diagnosisBonus: 45, firstToRecover: 20 }),
      status: "recovered",
    },
    { name: "correct declaration +10%", log: (b) => b.declare("a", "i1", true, MIN), expected: pts({ declaration: 20 }), status: "injected" },
    { name: "wrong declaration −5%", log: (b) => b.declare("a", "i1", false, MIN), expected: pts({ declaration: -10 }), status: "injected" },
    {
      name: "wrong then correct: −5% +10%",
      log: (b) => b.declare("a", "i1", false, MIN).declare("a", "i1", true, 2 * MIN, 2),
      expected: pts({ declaration: 10 }),
      status: "injected",
    },
    {
      name: "two wrong, third (correct) ignored: at most two attempts",
      log: (b) => b.declare("a", "i1", false, MIN).declare("a", "i1", false, 2 * MIN, 2).declare("a", "i1", true, 3 * MIN, 3),
      expected: pts({ declaration: -20 }),
      status: "injected",
    },
    {
      name: "declarations after a correct one are ignored",
      log: (b) => b.declare("a", "i1", true, MIN).declare("a", "i1", false, 2 * MIN, 2),
      expected: pts({ declaration: 20 }),
      status: "injected",
    },
    {
      name: "hints cost their stated points, each hint once",
      log: (b) => b.hint("a", "i1", 0, 10, MIN).hint("a", "i1", 1, 25, 2 * MIN).hint("a", "i1", 0, 10, 3 * MIN),
      expected: pts({ hints: -35 }),
      status: "injected",
    },
    {
      name: "collateral of exactly 30 s is forgiven",
      log: (b) => b.collateral("a", 30 * SEC, MIN, "i1"),
      expected: pts({}),
      status: "injected",
    },
    {
      name: "collateral over 30 s costs 20 points, each time",
      log: (b) => b.collateral("a", 31 * SEC, MIN, "i1").collateral("a", 5 * MIN, 3 * MIN, "i1"),
      expected: pts({ collateral: -40 }),
      status: "injected",
    },
    {
      name: "events after recovery other than declarations, hints, collateral change nothing",
      log: (b) => b.recover("a", "i1", MIN).diagnose("a", "i1", 2 * MIN).expire("a", "i1", 10 * MIN).recover("a", "i1", 0),
      expected: pts({ recovery: 190, firstToRecover: 20 }),
      status: "recovered",
    },
    {
      name: "an event for the incident from another team is ignored",
      log: (b) => b.join("b").add({ type: "incident-recovered", teamId: "b", incidentId: "i1", healthySince: T0 }, 30 * SEC),
      expected: pts({}),
      status: "injected",
    },
  ];
  it.each(cases)("$name", ({ log, expected, status }) => {
    const b = log(new LogBuilder().join("a").inject("a", "i1"));
    const inc = board(b).teams.find((t) => t.teamId === "a")!.incidents[0]!;
    expect(inc.points).toEqual(expected);
    expect(inc.status).toBe(status);
  });

  it("diagnosis bonus can require recovery (per-game rule)", () => {
    const b = new LogBuilder().join("a").inject("a", "i1").diagnose("a", "i1", 2 * MIN).expire("a", "i1", 10 * MIN);
    expect(incidentPoints(b, "a", { rules: { diagnosisBonusRequiresRecovery: true } }).diagnosisBonus).toBe(0);
  });

  it("unlinked collateral costs the penalty on the team, not on an incident", () => {
    const b = new LogBuilder().join("a").collateral("a", MIN, 0);
    const t = board(b).teams[0]!;
    expect(t.unlinkedCollateral).toBe(-20);
    expect(t.points).toBe(-20);
  });

  it("unknown scenarios score 0 instead of NaN", () => {
    const b = new LogBuilder().join("a").inject("a", "i1", 0, "no-such").diagnose("a", "i1", MIN).recover("a", "i1", 2 * MIN);
    const t = board(b).teams[0]!;
    expect(t.points).toBe(0);
    expect(t.incidents[0]!.ttrMs).toBe(2 * MIN);
  });

  it("reports TTD, TTR and times", () => {
    const b = new LogBuilder().join("a").inject("a", "i1", MIN).diagnose("a", "i1", 3 * MIN).recover("a", "i1", 6 * MIN, 7 * MIN);
    const inc = board(b).teams[0]!.incidents[0]!;
    expect(inc).toMatchObject({ ttdMs: 2 * MIN, ttrMs: 5 * MIN, injectedAt: T0 + MIN, diagnosedAt: T0 + 3 * MIN, recoveredAt: T0 + 6 * MIN });
  });
});

describe("first to recover", () => {
  it("goes to the smallest TTR of the wave only", () => {
    const b = new LogBuilder().join("a").join("b").inject("a", "ia").inject("b", "ib").recover("b", "ib", 2 * MIN).recover("a", "ia", 3 * MIN);
    expect(incidentPoints(b, "a").firstToRecover).toBe(0);
    expect(incidentPoints(b, "b").firstToRecover).toBe(20);
  });
  it("is shared by teams tied on TTR", () => {
    const b = new LogBuilder().join("a").join("b").inject("a", "ia").inject("b", "ib").recover("b", "ib", 2 * MIN).recover("a", "ia", 2 * MIN);
    expect(incidentPoints(b, "a").firstToRecover).toBe(20);
    expect(incidentPoints(b, "b").firstToRecover).toBe(20);
  });
  it("is measured in TTR, not wall time, when teams got the incident at different moments", () => {
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia", 0, "bad-image-tag", "w1")
      .inject("b", "ib", 5 * MIN, "bad-image-tag", "w1")
      .recover("a", "ia", 4 * MIN)
      .recover("b", "ib", 6 * MIN);
    expect(incidentPoints(b, "b").firstToRecover).toBe(20);
    expect(incidentPoints(b, "a").firstToRecover).toBe(0);
  });
  it("is per wave", () => {
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia", 0, "bad-image-tag", "w1")
      .inject("b", "ib", 0, "bad-image-tag", "w2")
      .recover("a", "ia", 4 * MIN)
      .recover("b", "ib", 6 * MIN);
    expect(incidentPoints(b, "a").firstToRecover).toBe(20);
    expect(incidentPoints(b, "b").firstToRecover).toBe(20);
  });
});

describe("ranking and tie-breaks", () => {
  it("orders by points", () => {
    const b = new LogBuilder().join("a").join("b").inject("a", "ia").inject("b", "ib").recover("b", "ib", 2 * MIN).diagnose("a", "ia", MIN);
    expect(board(b).teams.map((t) => [t.teamId, t.rank])).toEqual([["b", 1], ["a", 2]]);
  });

  it("breaks a points tie by lower total TTR", () => {
    // Equal points, different TTR: b recovered instantly but paid a 20-point hint.
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia", 0, "bad-image-tag", "wa")
      .inject("b", "ib", 0, "bad-image-tag", "wb")
      .recover("a", "ia", 2 * MIN) // 180 + 20 first = 200
      .recover("b", "ib", 0) // 200 + 20 first = 220
      .hint("b", "ib", 0, 20, MIN); // 200
    const t = board(b).teams;
    expect(t.map((x) => x.points)).toEqual([200, 200]);
    expect(t.map((x) => [x.teamId, x.rank, x.totalTtrMs])).toEqual([["b", 1, 0], ["a", 2, 2 * MIN]]);
  });

  it("an expired incident counts as its whole time limit in total TTR (not recovering never wins a tie)", () => {
    // a recovers at 9 min (110 + 20 first) and pays a hint of 130 -> 0 points; b lets it expire -> 0 points.
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia", 0, "bad-image-tag", "wa")
      .inject("b", "ib", 0, "bad-image-tag", "wb")
      .recover("a", "ia", 9 * MIN)
      .hint("a", "ia", 0, 130, 9 * MIN)
      .expire("b", "ib", 10 * MIN);
    const t = board(b).teams;
    expect(t.map((x) => [x.teamId, x.points, x.totalTtrMs, x.rank])).toEqual([["a", 0, 9 * MIN, 1], ["b", 0, 10 * MIN, 2]]);
  });

  it("then by earlier last recovery", () => {
    // Same points and same total TTR, but b's incident was injected (and recovered) later.
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("b", "ib", 0, "bad-image-tag", "wb")
      .inject("a", "ia", 0, "bad-image-tag", "wa")
      .add({ type: "incident-injected", teamId: "b", incidentId: "ib2", scenarioId: "bad-image-tag", params: {}, waveId: "wb2" }, MIN)
      .add({ type: "incident-injected", teamId: "a", incidentId: "ia2", scenarioId: "bad-image-tag", params: {}, waveId: "wa2" }, 0)
      .recover("a", "ia", MIN)
      .recover("a", "ia2", MIN)
      .recover("b", "ib", MIN)
      .recover("b", "ib2", 2 * MIN);
    const t = board(b).teams;
    expect(t[0]!.points).toBe(t[1]!.points);
    expect(t[0]!.totalTtrMs).toBe(t[1]!.totalTtrMs);
    expect(t.map((x) => [x.teamId, x.rank])).toEqual([["a", 1], ["b", 2]]);
  });

  it("gives fully tied teams the same rank, and the next rank skips (1, 1, 3)", () => {
    const b = new LogBuilder().join("c").join("b").join("a").inject("a", "ia").recover("a", "ia", 0);
    expect(board(b).teams.map((t) => [t.teamId, t.rank])).toEqual([["a", 1], ["b", 2], ["c", 2]]);
    const tied = new LogBuilder().join("z").join("y").join("x").inject("x", "ix").hint("x", "ix", 0, 5, 0);
    expect(board(tied).teams.map((t) => [t.teamId, t.rank])).toEqual([["y", 1], ["z", 1], ["x", 3]]);
  });

  it("reports rank change against the board before the latest scoring event", () => {
    const b = new LogBuilder().join("a").join("b").inject("a", "ia").inject("b", "ib").diagnose("a", "ia", MIN);
    expect(board(b).teams.map((t) => [t.teamId, t.rankChange])).toEqual([["a", 0], ["b", -1]]); // they were tied at rank 1
    b.recover("b", "ib", 2 * MIN);
    expect(board(b).teams.map((t) => [t.teamId, t.rank, t.rankChange])).toEqual([["b", 1, 1], ["a", 2, -1]]);
    b.add({ type: "broadcast", message: "5 minutes left" }, 3 * MIN); // not a scoring event: same change
    expect(board(b).teams.map((t) => t.rankChange)).toEqual([1, -1]);
  });

  it("uses team names from team-joined and includes teams that only appear in incidents", () => {
    const b = new LogBuilder().join("a", "Alpha").inject("ghost", "ig");
    expect(board(b).teams.map((t) => [t.teamId, t.name]).sort()).toEqual([["a", "Alpha"], ["ghost", "ghost"]]);
  });
});

describe("pause accounting", () => {
  it.each([
    { name: "pause inside the incident is excluded", pauses: [[2 * MIN, 5 * MIN]], ttr: 3 * MIN },
    { name: "pause before the injection does not count", pauses: [[-5 * MIN, -2 * MIN]], ttr: 6 * MIN },
    { name: "two pauses", pauses: [[MIN, 2 * MIN], [3 * MIN, 4 * MIN]], ttr: 4 * MIN },
    { name: "pause after the recovery does not count", pauses: [[7 * MIN, 8 * MIN]], ttr: 6 * MIN },
  ])("$name", ({ pauses, ttr }) => {
    const b = new LogBuilder().join("a");
    const sorted = [...pauses].sort((x, y) => x[0]! - y[0]!);
    // Events must be in seq order = time order; interleave the injection at 0 correctly.
    const before = sorted.filter((p) => p[1]! <= 0);
    for (const [from, to] of before) b.pause(from!).resume(to!);
    b.inject("a", "i1", 0);
    for (const [from, to] of sorted.filter((p) => p[1]! > 0 && p[0]! < 6 * MIN)) b.pause(from!).resume(to!);
    b.recover("a", "i1", 6 * MIN);
    for (const [from, to] of sorted.filter((p) => p[0]! >= 6 * MIN)) b.pause(from!).resume(to!);
    const inc = board(b).teams[0]!.incidents[0]!;
    expect(inc.ttrMs).toBe(ttr);
    expect(inc.points.recovery).toBe(Math.round(200 * speedFactor(ttr, 10 * MIN, 0.5)));
  });

  it("a repeated pause or a resume while running is ignored", () => {
    const b = new LogBuilder().join("a").inject("a", "i1").resume(MIN).pause(2 * MIN).pause(3 * MIN).resume(4 * MIN).resume(5 * MIN);
    b.diagnose("a", "i1", 6 * MIN);
    expect(board(b).teams[0]!.incidents[0]!.ttdMs).toBe(4 * MIN);
  });
});

describe("scoreboard freeze", () => {
  const log = () =>
    new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia")
      .inject("b", "ib")
      .diagnose("a", "ia", MIN)
      .add({ type: "scoreboard-frozen" }, 2 * MIN)
      .recover("b", "ib", 3 * MIN);

  it("events after frozenAt do not change the public board", () => {
    const b = log();
    const frozenAt = activeFreeze(b.events);
    expect(frozenAt).toBe(T0 + 2 * MIN);
    const pub = board(b, { frozenAt });
    expect(pub.frozen).toBe(true);
    expect(pub.teams.map((t) => [t.teamId, t.points])).toEqual([["a", 48], ["b", 0]]);
    expect(pub.teams.find((t) => t.teamId === "b")!.incidents[0]!.status).toBe("injected");
    const truth = board(b);
    expect(truth.frozen).toBe(false);
    expect(truth.teams[0]!.teamId).toBe("b");
  });

  it("unfreezing ends the freeze", () => {
    const b = log().add({ type: "scoreboard-unfrozen" }, 4 * MIN);
    expect(activeFreeze(b.events)).toBeNull();
  });
});

describe("scoring rules", () => {
  it("per-game overrides from game-created and from options merge over the defaults", () => {
    const b = new LogBuilder()
      .add({ type: "game-created", name: "friday", scoring: { firstToRecoverShare: 0.5, minSpeedFactor: 0 } })
      .join("a")
      .inject("a", "i1")
      .recover("a", "i1", 5 * MIN);
    expect(incidentPoints(b)).toMatchObject({ recovery: 100, firstToRecover: 100 });
    const lb = board(b, { rules: { firstToRecoverShare: 0 } });
    expect(lb.teams[0]!.incidents[0]!.points).toMatchObject({ recovery: 100, firstToRecover: 0 });
    expect(lb.rules.diagnosisBonusShare).toBe(DEFAULT_SCORING_RULES.diagnosisBonusShare);
  });

  it("resolveScoringRules ignores undefined fields and never mutates the defaults", () => {
    const r = resolveScoringRules({ hintCostMultiplier: 2 }, { hintCostMultiplier: undefined });
    expect(r.hintCostMultiplier).toBe(2);
    expect(DEFAULT_SCORING_RULES.hintCostMultiplier).toBe(1);
    expect(Object.isFrozen(DEFAULT_SCORING_RULES)).toBe(true);
  });
});

describe("scoreTimeline", () => {
  it("lists each team's points after every change, from 0", () => {
    const b = new LogBuilder()
      .join("a")
      .join("b")
      .inject("a", "ia")
      .inject("b", "ib")
      .diagnose("a", "ia", MIN) // a: 48
      .recover("b", "ib", 2 * MIN) // b: 180 + 20
      .recover("a", "ia", 3 * MIN); // a: 48 + 170
    const tl = scoreTimeline(b.events, { scenarios: SCENARIOS });
    const a = tl.find((s) => s.teamId === "a")!;
    const bb = tl.find((s) => s.teamId === "b")!;
    expect(a.points.map((p) => [p.at - T0, p.points])).toEqual([[0, 0], [MIN, 48], [3 * MIN + 30 * SEC, 218]]);
    expect(bb.points.map((p) => [p.at - T0, p.points])).toEqual([[0, 0], [2 * MIN + 30 * SEC, 200]]);
    // The last point agrees with the leaderboard.
    for (const t of board(b).teams) expect(tl.find((s) => s.teamId === t.teamId)!.points.at(-1)!.points).toBe(t.points);
  });
});

describe("pack scoring and the scenario table", () => {
  it("absolute declaration points replace the shares", () => {
    const b = new LogBuilder().join("a").inject("a", "i1").declare("a", "i1", false, MIN).declare("a", "i1", true, 2 * MIN, 2);
    expect(incidentPoints(b, "a", { rules: { correctDeclarationPoints: 50, wrongDeclarationPoints: 7 } }).declaration).toBe(43);
  });

  it("rulesFromPackScoring maps a pack's integers to points", () => {
    expect(rulesFromPackScoring({ hintCostMultiplier: 2, rootCauseBonus: 30, wrongRootCausePenalty: 15, collateralPenalty: 40 })).toEqual({
      hintCostMultiplier: 2,
      correctDeclarationPoints: 30,
      wrongDeclarationPoints: 15,
      collateralPenaltyPoints: 40,
    });
    expect(rulesFromPackScoring(undefined)).toEqual({});
    expect(rulesFromPackScoring({ points: { x: 1 } })).toEqual({});
  });

  it("scenarioScoringTable parses time limits and applies the pack's points", () => {
    const table = scenarioScoringTable(
      [
        { id: "bad-image-tag", points: 200, timeLimit: "10m" },
        { id: "missing-configmap", points: 300, timeLimit: "1h30m" },
      ],
      { points: { "missing-configmap": 500 } },
    );
    expect(table).toEqual({ "bad-image-tag": { points: 200, timeLimitMs: 10 * MIN }, "missing-configmap": { points: 500, timeLimitMs: 90 * MIN } });
  });

  it("game-created scoring overrides are validated by the event schema", () => {
    expect(() => new LogBuilder().add({ type: "game-created", name: "x", scoring: { minSpeedFactor: 2 } })).toThrow();
    expect(() => new LogBuilder().add({ type: "game-created", name: "x", scoring: { bogus: 1 } })).toThrow();
  });
});

describe("the README's worked example (keeps the debrief's explanation true)", () => {
  it("Blue 245, Red 163, Green 35", () => {
    const b = new LogBuilder()
      .join("blue", "Blue")
      .join("red", "Red")
      .join("green", "Green")
      .inject("blue", "ib")
      .inject("red", "ir")
      .inject("green", "ig")
      .diagnose("red", "ir", MIN)
      .declare("red", "ir", false, MIN + 30 * SEC)
      .diagnose("blue", "ib", 2 * MIN)
      .declare("blue", "ib", true, 2 * MIN + 30 * SEC)
      .hint("red", "ir", 0, 15, 3 * MIN)
      .declare("red", "ir", true, 3 * MIN + 30 * SEC, 2)
      .recover("blue", "ib", 4 * MIN)
      .pause(5 * MIN)
      .resume(7 * MIN)
      .diagnose("green", "ig", 8 * MIN)
      .collateral("red", 45 * SEC, 7 * MIN + 5 * SEC, "ir")
      .recover("red", "ir", 8 * MIN)
      .expire("green", "ig", 12 * MIN);
    const lb = board(b);
    const get = (id: string) => lb.teams.find((t) => t.teamId === id)!;
    expect(get("blue").incidents[0]!.points).toEqual(pts({ recovery: 160, diagnosisBonus: 45, declaration: 20, firstToRecover: 20 }));
    expect(get("red").incidents[0]!.points).toEqual(pts({ recovery: 140, diagnosisBonus: 48, declaration: 10, hints: -15, collateral: -20 }));
    expect(get("red").incidents[0]!).toMatchObject({ ttdMs: MIN, ttrMs: 6 * MIN });
    expect(get("green").incidents[0]!).toMatchObject({ status: "expired", ttdMs: 6 * MIN, ttrMs: null });
    expect(lb.teams.map((t) => [t.name, t.rank, t.points])).toEqual([["Blue", 1, 245], ["Red", 2, 163], ["Green", 3, 35]]);
  });
});

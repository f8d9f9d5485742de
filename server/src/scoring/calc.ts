import type { GameEvent, GameEventOf } from "./game-events.js";
import { sortBySeq } from "./game-events.js";
import { activeMsBetween, type PausedInterval } from "./pause.js";
import { resolveScoringRules, speedFactor, type ScoringRules, type ScoringRulesOverride } from "./rules.js";

/*
 * The scoreboard as a pure function of the event log (noCTF's calc.ts idea): no IO, no clock.
 * Points depend only on events, never on "now", so replaying the log always gives the same board.
 */

/** What scoring needs from a scenario: its points and its time limit (ms). */
export interface ScenarioScoring {
  points: number;
  timeLimitMs: number;
}

export interface LeaderboardOptions {
  /** Scenario id → points and time limit. Unknown scenarios score 0 points. */
  scenarios: Readonly<Record<string, ScenarioScoring>> | ReadonlyMap<string, ScenarioScoring>;
  /** Overrides merged over the defaults and over the `game-created` event's `scoring`. */
  rules?: ScoringRulesOverride;
  /** Public board freeze (epoch ms): events with `at` after it are not shown. Null/undefined = live. */
  frozenAt?: number | null;
}

/** Public incident status (REST contract): fix-attempted is not a status of its own. */
export type IncidentStatus = "injected" | "diagnosed" | "recovered" | "expired";

/** Signed points per rule; `total` is their sum. Penalties are negative. */
export interface PointsBreakdown {
  recovery: number;
  diagnosisBonus: number;
  declaration: number;
  hints: number;
  firstToRecover: number;
  collateral: number;
  total: number;
}

export interface IncidentScore {
  incidentId: string;
  scenarioId: string;
  waveId: string;
  status: IncidentStatus;
  injectedAt: number;
  diagnosedAt: number | null;
  fixAttemptedAt: number | null;
  /** Start of the sustained healthy window (epoch ms), when recovered. */
  recoveredAt: number | null;
  /** Time to diagnose, pause excluded (ms). */
  ttdMs: number | null;
  /** Time to recover, pause excluded (ms), measured to the start of the sustained healthy window. */
  ttrMs: number | null;
  declarations: { optionId: string; correct: boolean; at: number }[];
  hintsBought: number[];
  points: PointsBreakdown;
}

export interface TeamStanding {
  teamId: string;
  name: string;
  /** Competition ranking: tied teams share a rank, the next rank skips (1, 2, 2, 4). */
  rank: number;
  /** Previous rank minus this rank (positive = moved up), vs the board before the latest scoring event. */
  rankChange: number;
  points: number;
  /** Sum of TTR over recovered incidents plus the time limit of each expired one (ms): first tie-break, lower wins. */
  totalTtrMs: number;
  /** Epoch ms of the team's last recovery: second tie-break, earlier wins; null sorts last. */
  lastRecoveryAt: number | null;
  recoveredCount: number;
  incidents: IncidentScore[];
  /** Penalties for collateral damage not tied to an incident (≤ 0 points). */
  unlinkedCollateral: number;
}

export interface Leaderboard {
  frozen: boolean;
  frozenAt: number | null;
  rules: ScoringRules;
  teams: TeamStanding[];
}

/** Event types that can change someone's points; the latest one defines `rankChange`. */
export const SCORING_EVENT_TYPES: ReadonlySet<GameEvent["type"]> = new Set([
  "incident-diagnosed",
  "incident-recovered",
  "root-cause-declared",
  "hint-bought",
  "collateral-damage",
]);

/**
 * Ranked teams with points and per-incident status, TTD and TTR.
 * Events are ordered by `seq`; with `frozenAt`, only events at or before it count.
 */
export function computeLeaderboard(events: readonly GameEvent[], options: LeaderboardOptions): Leaderboard {
  const frozenAt = options.frozenAt ?? null;
  const visible = sortBySeq(events).filter((e) => frozenAt === null || e.at <= frozenAt);
  const rules = rulesFor(visible, options.rules);
  const current = scoreTeams(visible, options, rules);

  let lastScoring = -1;
  for (let i = visible.length - 1; i >= 0; i--) {
    if (SCORING_EVENT_TYPES.has(visible[i]!.type)) {
      lastScoring = i;
      break;
    }
  }
  if (lastScoring >= 0) {
    const before = scoreTeams(
      visible.filter((_, i) => i !== lastScoring),
      options,
      rules,
    );
    const prevRank = new Map(before.map((t) => [t.teamId, t.rank]));
    for (const t of current) {
      const p = prevRank.get(t.teamId);
      t.rankChange = p === undefined ? 0 : p - t.rank;
    }
  }
  return { frozen: frozenAt !== null, frozenAt, rules, teams: current };
}

/** The freeze instant in force at the end of the log (last frozen not followed by unfrozen), or null. */
export function activeFreeze(events: readonly GameEvent[]): number | null {
  let at: number | null = null;
  for (const e of sortBySeq(events)) {
    if (e.type === "scoreboard-frozen" && at === null) at = e.at;
    else if (e.type === "scoreboard-unfrozen") at = null;
  }
  return at;
}

/** One team's points after each change, for the debrief chart. */
export interface TeamScoreSeries {
  teamId: string;
  name: string;
  points: { at: number; seq: number; points: number }[];
}

/**
 * Points over time per team: a starting point at 0 when the team appears, then one point per
 * scoring event that changed the team's total. Ignores any freeze (the debrief shows the truth).
 */
export function scoreTimeline(
  events: readonly GameEvent[],
  options: Omit<LeaderboardOptions, "frozenAt">,
): TeamScoreSeries[] {
  const sorted = sortBySeq(events);
  const rules = rulesFor(sorted, options.rules);
  const series = new Map<string, TeamScoreSeries>();
  const ensure = (teamId: string, name: string, e: GameEvent) => {
    let s = series.get(teamId);
    if (!s) series.set(teamId, (s = { teamId, name, points: [{ at: e.at, seq: e.seq, points: 0 }] }));
    return s;
  };
  const fold = new ScoreFold(options, rules);
  for (const e of sorted) {
    fold.apply(e);
    if (e.type === "team-joined") ensure(e.teamId, e.name, e).name = e.name;
    else if (e.teamId) ensure(e.teamId, e.teamId, e);
    if (!SCORING_EVENT_TYPES.has(e.type)) continue;
    // Re-finalising after every scoring event keeps this exactly consistent with the board (first-to-recover can move).
    for (const t of fold.standings()) {
      const s = ensure(t.teamId, t.name, e);
      const last = s.points[s.points.length - 1]!;
      if (last.points !== t.points) s.points.push({ at: e.at, seq: e.seq, points: t.points });
    }
  }
  return [...series.values()];
}

function rulesFor(events: readonly GameEvent[], override: ScoringRulesOverride | undefined): ScoringRules {
  const created = events.find((e): e is GameEventOf<"game-created"> => e.type === "game-created");
  return resolveScoringRules(created?.scoring, override);
}

function lookupScenario(options: LeaderboardOptions, scenarioId: string): ScenarioScoring {
  const s = options.scenarios instanceof Map ? options.scenarios.get(scenarioId) : (options.scenarios as Record<string, ScenarioScoring>)[scenarioId];
  const points = s && Number.isFinite(s.points) ? Math.max(0, s.points) : 0;
  const timeLimitMs = s && Number.isFinite(s.timeLimitMs) ? s.timeLimitMs : 0;
  return { points, timeLimitMs };
}

interface WorkingIncident {
  score: IncidentScore;
  teamId: string;
  scenario: ScenarioScoring;
  terminal: boolean;
  declarationsCounted: number;
  declaredCorrect: boolean;
  hintCost: number;
  collateralCount: number;
}

function zeroPoints(): PointsBreakdown {
  return { recovery: 0, diagnosisBonus: 0, declaration: 0, hints: 0, firstToRecover: 0, collateral: 0, total: 0 };
}

/**
 * The scoreboard as a left fold over the log: `apply` each event in seq order, `standings()` at any
 * point. Folding once and finalising after each scoring event keeps scoreTimeline linear in the log.
 */
class ScoreFold {
  private readonly paused: PausedInterval[] = [];
  private readonly teams = new Map<string, TeamStanding>();
  private readonly incidents = new Map<string, WorkingIncident>();

  constructor(
    private readonly options: LeaderboardOptions,
    private readonly rules: ScoringRules,
  ) {}

  private team(teamId: string): TeamStanding {
    let t = this.teams.get(teamId);
    if (!t) {
      t = { teamId, name: teamId, rank: 0, rankChange: 0, points: 0, totalTtrMs: 0, lastRecoveryAt: null, recoveredCount: 0, incidents: [], unlinkedCollateral: 0 };
      this.teams.set(teamId, t);
    }
    return t;
  }

  /** An incident event only counts for the team that owns the incident. */
  private incidentOf(e: { incidentId?: string; teamId?: string }): WorkingIncident | undefined {
    const w = e.incidentId === undefined ? undefined : this.incidents.get(e.incidentId);
    return w && w.teamId === e.teamId ? w : undefined;
  }

  apply(e: GameEvent): void {
    const { rules, options, paused, incidents } = this;
    const team = (id: string) => this.team(id);
    const incidentOf = (x: { incidentId?: string; teamId?: string }) => this.incidentOf(x);
    switch (e.type) {
      case "game-paused":
        if (!(paused.length && paused[paused.length - 1]!.to === null)) paused.push({ from: e.at, to: null });
        break;
      case "game-resumed":
        if (paused.length && paused[paused.length - 1]!.to === null) paused[paused.length - 1]!.to = Math.max(paused[paused.length - 1]!.from, e.at);
        break;
      case "team-joined":
        team(e.teamId).name = e.name;
        break;
      case "incident-injected": {
        if (incidents.has(e.incidentId)) break; // a duplicate id never replaces the first injection
        const w: WorkingIncident = {
          teamId: e.teamId,
          scenario: lookupScenario(options, e.scenarioId),
          terminal: false,
          declarationsCounted: 0,
          declaredCorrect: false,
          hintCost: 0,
          collateralCount: 0,
          score: {
            incidentId: e.incidentId,
            scenarioId: e.scenarioId,
            waveId: e.waveId ?? e.scenarioId,
            status: "injected",
            injectedAt: e.at,
            diagnosedAt: null,
            fixAttemptedAt: null,
            recoveredAt: null,
            ttdMs: null,
            ttrMs: null,
            declarations: [],
            hintsBought: [],
            points: zeroPoints(),
          },
        };
        incidents.set(e.incidentId, w);
        team(e.teamId).incidents.push(w.score);
        break;
      }
      case "incident-diagnosed": {
        const w = incidentOf(e);
        if (!w || w.terminal || w.score.diagnosedAt !== null) break;
        w.score.diagnosedAt = e.at;
        w.score.ttdMs = activeMsBetween(w.score.injectedAt, e.at, paused);
        w.score.status = "diagnosed";
        break;
      }
      case "fix-attempted": {
        const w = incidentOf(e);
        if (w && !w.terminal && w.score.fixAttemptedAt === null) w.score.fixAttemptedAt = e.at;
        break;
      }
      case "incident-recovered": {
        const w = incidentOf(e);
        if (!w || w.terminal) break;
        const since = Math.min(e.at, Math.max(w.score.injectedAt, e.healthySince));
        w.terminal = true;
        w.score.status = "recovered";
        w.score.recoveredAt = since;
        w.score.ttrMs = activeMsBetween(w.score.injectedAt, since, paused);
        break;
      }
      case "incident-expired": {
        const w = incidentOf(e);
        if (!w || w.terminal) break;
        w.terminal = true;
        w.score.status = "expired";
        break;
      }
      case "root-cause-declared": {
        const w = incidentOf(e);
        if (!w || w.declaredCorrect || w.declarationsCounted >= rules.maxDeclarationAttempts) break;
        w.declarationsCounted++;
        w.declaredCorrect = e.correct;
        w.score.declarations.push({ optionId: e.optionId, correct: e.correct, at: e.at });
        break;
      }
      case "hint-bought": {
        const w = incidentOf(e);
        if (!w || w.score.hintsBought.includes(e.hintIndex)) break;
        w.score.hintsBought.push(e.hintIndex);
        w.hintCost += e.cost;
        break;
      }
      case "collateral-damage": {
        if (!(e.durationMs > rules.collateralMinDurationMs)) break;
        const w = incidentOf(e);
        if (w) w.collateralCount++;
        else team(e.teamId).unlinkedCollateral = noNegZero(team(e.teamId).unlinkedCollateral - Math.round(rules.collateralPenaltyPoints));
        break;
      }
      default:
        if (e.teamId) team(e.teamId);
    }
  }

  /** Ranked standings from everything applied so far. Recomputes every total; cheap (no event is re-read). */
  standings(): TeamStanding[] {
    const { rules, incidents, teams } = this;
    for (const w of incidents.values()) w.score.points = zeroPoints();
    // Per-incident points, then first-to-recover per wave (needs every team's TTR).
    const fastest = new Map<string, number>();
    for (const w of incidents.values()) {
      const s = w.score;
      const p = s.points;
      const pts = w.scenario.points;
      const limit = w.scenario.timeLimitMs;
      if (s.status === "recovered" && s.ttrMs !== null) {
        p.recovery = Math.round(pts * speedFactor(s.ttrMs, limit, rules.minSpeedFactor));
        const best = fastest.get(s.waveId);
        if (best === undefined || s.ttrMs < best) fastest.set(s.waveId, s.ttrMs);
      }
      if (s.ttdMs !== null && (!rules.diagnosisBonusRequiresRecovery || s.status === "recovered")) {
        p.diagnosisBonus = Math.round(pts * rules.diagnosisBonusShare * speedFactor(s.ttdMs, limit, rules.minSpeedFactor));
      }
      const correctPts = rules.correctDeclarationPoints ?? pts * rules.correctDeclarationShare;
      const wrongPts = rules.wrongDeclarationPoints ?? pts * rules.wrongDeclarationShare;
      for (const d of s.declarations) p.declaration += d.correct ? Math.round(correctPts) : -Math.round(wrongPts);
      p.declaration = noNegZero(p.declaration);
      p.hints = noNegZero(-Math.round(w.hintCost * rules.hintCostMultiplier));
      p.collateral = noNegZero(-w.collateralCount * Math.round(rules.collateralPenaltyPoints));
    }
    for (const w of incidents.values()) {
      const s = w.score;
      if (s.status === "recovered" && s.ttrMs !== null && s.ttrMs === fastest.get(s.waveId)) {
        s.points.firstToRecover = Math.round(w.scenario.points * rules.firstToRecoverShare);
      }
      const p = s.points;
      p.total = p.recovery + p.diagnosisBonus + p.declaration + p.hints + p.firstToRecover + p.collateral;
    }

    const list = [...teams.values()];
    for (const t of list) {
      t.points = t.unlinkedCollateral;
      t.totalTtrMs = 0;
      t.recoveredCount = 0;
      t.lastRecoveryAt = null;
      t.rankChange = 0;
      for (const s of t.incidents) {
        t.points += s.points.total;
        if (s.status === "recovered" && s.ttrMs !== null && s.recoveredAt !== null) {
          t.totalTtrMs += s.ttrMs;
          t.recoveredCount++;
          t.lastRecoveryAt = t.lastRecoveryAt === null ? s.recoveredAt : Math.max(t.lastRecoveryAt, s.recoveredAt);
        } else if (s.status === "expired") {
          // Not recovering must never win a tie: an expired incident counts as its whole time limit.
          t.totalTtrMs += incidents.get(s.incidentId)!.scenario.timeLimitMs;
        }
      }
    }
    list.sort((a, b) => compareStanding(a, b) || cmpStr(a.name, b.name) || cmpStr(a.teamId, b.teamId));
    for (let i = 0; i < list.length; i++) {
      list[i]!.rank = i > 0 && compareStanding(list[i - 1]!, list[i]!) === 0 ? list[i - 1]!.rank : i + 1;
    }
    return list;
  }
}

function scoreTeams(events: readonly GameEvent[], options: LeaderboardOptions, rules: ScoringRules): TeamStanding[] {
  const fold = new ScoreFold(options, rules);
  for (const e of events) fold.apply(e);
  return fold.standings();
}

/** -0 would leak into JSON as 0 but fails equality checks in clients and tests. */
function noNegZero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Locale-independent order, so the board is the same on every server. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ranking order: more points first; then lower total TTR; then earlier last recovery (none = last).
 * 0 means tied (same rank).
 */
export function compareStanding(
  a: Pick<TeamStanding, "points" | "totalTtrMs" | "lastRecoveryAt">,
  b: Pick<TeamStanding, "points" | "totalTtrMs" | "lastRecoveryAt">,
): number {
  if (a.points !== b.points) return b.points - a.points;
  if (a.totalTtrMs !== b.totalTtrMs) return a.totalTtrMs - b.totalTtrMs;
  const la = a.lastRecoveryAt ?? Number.POSITIVE_INFINITY;
  const lb = b.lastRecoveryAt ?? Number.POSITIVE_INFINITY;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

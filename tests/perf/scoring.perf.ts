/**
 * Scoreboard figures: computeLeaderboard (run on every scoring event for the live board) and
 * scoreTimeline (the debrief chart) over a synthetic but realistic log: TEAMS teams, INCIDENTS waves,
 * each team observing clues, diagnosing, attempting a fix, buying a hint and recovering or expiring.
 * Run alone: `npx tsx tests/perf/scoring.perf.ts` or `npm run bench scoring`.
 */
import { performance } from "node:perf_hooks";
import { computeLeaderboard, parseGameEvent, scoreTimeline, SCORING_EVENT_TYPES, type GameEvent } from "../../server/src/scoring/index.js";
import { seededRandom } from "../../server/src/core/index.js";

const TEAMS = 50;
const INCIDENTS = 8;
const CLUES_PER_INCIDENT = 4;
const LEADERBOARD_RUNS = 50;
const PREFIX_SAMPLE = 10;
const T0 = Date.UTC(2026, 0, 1, 9);
const MIN = 60_000;

export function syntheticLog(teams = TEAMS, incidents = INCIDENTS): GameEvent[] {
  const rnd = seededRandom("scoring-perf");
  const raw: { at: number; e: Record<string, unknown> }[] = [];
  for (let t = 0; t < teams; t++) raw.push({ at: 0, e: { type: "team-joined", teamId: `t${t}`, name: `Team ${t}` } });
  for (let w = 0; w < incidents; w++) {
    const start = w * 12 * MIN;
    for (let t = 0; t < teams; t++) {
      const teamId = `t${t}`;
      const incidentId = `w${w}-${teamId}`;
      raw.push({ at: start, e: { type: "incident-injected", teamId, incidentId, scenarioId: `s${w % 3}`, params: {}, waveId: `timeline-${w}` } });
      for (let c = 0; c < CLUES_PER_INCIDENT; c++) {
        raw.push({ at: start + Math.floor(rnd() * 5 * MIN), e: { type: "clue-observed", teamId, incidentId, clueIndex: c, kubectlCommand: "kubectl describe" } });
      }
      raw.push({ at: start + Math.floor(rnd() * 4 * MIN), e: { type: "incident-diagnosed", teamId, incidentId, clueIndex: 0, command: "kubectl describe" } });
      if (rnd() < 0.3) raw.push({ at: start + 3 * MIN, e: { type: "hint-bought", teamId, incidentId, hintIndex: 0, cost: 10 } });
      if (rnd() < 0.5) raw.push({ at: start + 4 * MIN, e: { type: "root-cause-declared", teamId, incidentId, optionId: "a", correct: rnd() < 0.6, attempt: 1 } });
      if (rnd() < 0.8) {
        const since = start + 4 * MIN + Math.floor(rnd() * 5 * MIN);
        raw.push({ at: since + 30_000, e: { type: "incident-recovered", teamId, incidentId, healthySince: T0 + since } });
      } else raw.push({ at: start + 10 * MIN, e: { type: "incident-expired", teamId, incidentId } });
    }
  }
  raw.sort((a, b) => a.at - b.at);
  return raw.map((r, i) => parseGameEvent({ ...r.e, at: T0 + r.at, seq: i + 1, gameId: "perf" }));
}

const SCORING: ReadonlySet<string> = SCORING_EVENT_TYPES;
const SCENARIOS = { s0: { points: 100, timeLimitMs: 10 * MIN }, s1: { points: 200, timeLimitMs: 10 * MIN }, s2: { points: 300, timeLimitMs: 15 * MIN } };

export default async function run(): Promise<Record<string, number | string>> {
  const log = syntheticLog();
  const scoring = log.filter((e) => SCORING.has(e.type)).length;
  computeLeaderboard(log, { scenarios: SCENARIOS }); // warm-up
  let t0 = performance.now();
  for (let i = 0; i < LEADERBOARD_RUNS; i++) computeLeaderboard(log, { scenarios: SCENARIOS });
  const boardMs = (performance.now() - t0) / LEADERBOARD_RUNS;
  t0 = performance.now();
  const series = scoreTimeline(log, { scenarios: SCENARIOS });
  const timelineMs = performance.now() - t0;
  // The obvious alternative: recompute the board over each prefix that ends in a scoring event.
  // Timed on every PREFIX_SAMPLE-th such prefix and scaled up, to keep the benchmark short.
  let sampled = 0;
  let n = 0;
  t0 = performance.now();
  for (let i = 0; i < log.length; i++) {
    if (!SCORING.has(log[i]!.type) || n++ % PREFIX_SAMPLE !== 0) continue;
    computeLeaderboard(log.slice(0, i + 1), { scenarios: SCENARIOS });
    sampled++;
  }
  const prefixMs = ((performance.now() - t0) * n) / Math.max(1, sampled);
  return {
    "log events": log.length,
    "scoring events": scoring,
    teams: TEAMS,
    "computeLeaderboard ms (mean of 50)": Number(boardMs.toFixed(2)),
    "scoreTimeline ms (one fold)": Number(timelineMs.toFixed(1)),
    "prefix recompute ms (alternative, estimated)": Number(prefixMs.toFixed(1)),
    "prefix recompute / scoreTimeline": Number((prefixMs / timelineMs).toFixed(1)),
    "timeline points": series.reduce((n, s) => n + s.points.length, 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());

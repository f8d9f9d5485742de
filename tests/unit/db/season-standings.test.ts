import { describe, expect, it } from "vitest";
import { phaseStamps, seasonStandings, seasonTeamKey, type SeasonGameResult, type SeasonStanding } from "../../../server/src/db/index.js";

const rec = (ttrMs: number) => ({ status: "recovered", ttrMs });
const expired = { status: "expired", ttrMs: null };
const diagnosed = { status: "diagnosed", ttrMs: null };

type Row = Omit<SeasonStanding, never>;
const row = (name: string, games: number, points: number, incidentsRecovered: number, medianTtrMs: number | null, rank: number): Row => ({
  name,
  games,
  points,
  incidentsRecovered,
  medianTtrMs,
  rank,
});

const cases: { name: string; games: SeasonGameResult[]; expected: Row[] }[] = [
  { name: "no games: an empty board", games: [], expected: [] },
  { name: "a game without teams", games: [{ teams: [] }], expected: [] },
  {
    name: "one game: rows follow points",
    games: [
      {
        teams: [
          { name: "Blue", points: 300, incidents: [rec(120_000), expired] },
          { name: "Red", points: 900, incidents: [rec(60_000), rec(100_000)] },
        ],
      },
    ],
    expected: [row("Red", 1, 900, 2, 80_000, 1), row("Blue", 1, 300, 1, 120_000, 2)],
  },
  {
    name: "sums across games and takes the median over every recovered incident",
    games: [
      { teams: [{ name: "Red", points: 500, incidents: [rec(10_000), diagnosed] }] },
      { teams: [{ name: "Red", points: 400, incidents: [rec(30_000), rec(20_000)] }, { name: "Blue", points: 100, incidents: [] }] },
    ],
    expected: [row("Red", 2, 900, 3, 20_000, 1), row("Blue", 1, 100, 0, null, 2)],
  },
  {
    name: "even count: median is the rounded mean of the middle two",
    games: [{ teams: [{ name: "Red", points: 1, incidents: [rec(1), rec(2)] }] }],
    expected: [row("Red", 1, 1, 2, 2, 1)],
  },
  {
    name: "names match ignoring case and spaces; the latest spelling is shown",
    games: [
      { teams: [{ name: "red  team", points: 100, incidents: [rec(50_000)] }] },
      { teams: [{ name: " Red Team ", points: 200, incidents: [] }] },
    ],
    expected: [row("Red Team", 2, 300, 1, 50_000, 1)],
  },
  {
    name: "equal points share a rank and the next rank skips (1, 2, 2, 4)",
    games: [
      {
        teams: [
          { name: "A", points: 500, incidents: [] },
          { name: "B", points: 300, incidents: [rec(90_000)] },
          { name: "C", points: 300, incidents: [rec(30_000), rec(40_000)] },
          { name: "D", points: 100, incidents: [] },
        ],
      },
    ],
    // within the tie: more recoveries first
    expected: [row("A", 1, 500, 0, null, 1), row("C", 1, 300, 2, 35_000, 2), row("B", 1, 300, 1, 90_000, 2), row("D", 1, 100, 0, null, 4)],
  },
  {
    name: "tie order: faster median, then teams with no recovery, then name",
    games: [
      {
        teams: [
          { name: "Zed", points: 0, incidents: [] },
          { name: "Slow", points: 0, incidents: [rec(9_000)] },
          { name: "Amy", points: 0, incidents: [] },
          { name: "Fast", points: 0, incidents: [rec(1_000)] },
        ],
      },
    ],
    expected: [row("Fast", 1, 0, 1, 1_000, 1), row("Slow", 1, 0, 1, 9_000, 1), row("Amy", 1, 0, 0, null, 1), row("Zed", 1, 0, 0, null, 1)],
  },
  {
    name: "negative totals (penalties) rank below zero",
    games: [{ teams: [{ name: "Oops", points: -50, incidents: [] }, { name: "Idle", points: 0, incidents: [] }] }],
    expected: [row("Idle", 1, 0, 0, null, 1), row("Oops", 1, -50, 0, null, 2)],
  },
  {
    name: "a recovered incident without a TTR is not counted",
    games: [{ teams: [{ name: "Red", points: 10, incidents: [{ status: "recovered", ttrMs: null }] }] }],
    expected: [row("Red", 1, 10, 0, null, 1)],
  },
];

describe("seasonStandings", () => {
  it.each(cases)("$name", ({ games, expected }) => {
    expect(seasonStandings(games)).toEqual(expected);
  });

  it("does not depend on the order of teams within a game", () => {
    const teams = [
      { name: "A", points: 1, incidents: [rec(5)] },
      { name: "B", points: 2, incidents: [] },
      { name: "C", points: 1, incidents: [] },
    ];
    expect(seasonStandings([{ teams }])).toEqual(seasonStandings([{ teams: [...teams].reverse() }]));
  });
});

describe("seasonTeamKey", () => {
  it.each([
    ["Red Team", "red team"],
    ["  red   TEAM ", "red team"],
    ["Équipe Été", "équipe été"],
  ])("%j → %j", (input, key) => {
    expect(seasonTeamKey(input)).toBe(key);
  });
});

describe("phaseStamps", () => {
  const at = new Date("2026-11-21T10:00:00.000Z");
  const earlier = new Date("2026-11-21T09:00:00.000Z");
  it.each([
    { phase: "running", current: { startedAt: null, endedAt: null }, expected: { startedAt: at } },
    { phase: "running", current: { startedAt: earlier, endedAt: null }, expected: {} },
    { phase: "paused", current: { startedAt: earlier, endedAt: null }, expected: {} },
    { phase: "ended", current: { startedAt: earlier, endedAt: null }, expected: { endedAt: at } },
    { phase: "ended", current: { startedAt: null, endedAt: null }, expected: { endedAt: at } },
    { phase: "ended", current: { startedAt: earlier, endedAt: earlier }, expected: {} },
    { phase: "lobby", current: { startedAt: null, endedAt: null }, expected: {} },
  ] as const)("$phase from $current → $expected", ({ phase, current, expected }) => {
    expect(phaseStamps(current, phase, at)).toEqual(expected);
  });
});

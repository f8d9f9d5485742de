/**
 * The classroom board: each game's final leaderboard rows, aggregated by team name across the
 * season's games. Pure (no IO, no clock), so the same games always give the same board.
 *
 * Teams are matched by name, ignoring case and surrounding/repeated spaces ("Red  Team" and
 * "red team" are the same class team); the board shows the spelling of the latest game given.
 * Ranks are competition ranks on points: equal points share a rank and the next rank skips
 * (1, 2, 2, 4). Within a tie, rows are ordered by incidents recovered, then median TTR, then name.
 *
 * The structural types mirror protocol's LeaderboardTeam / SeasonLeaderboardResponse rows (db may
 * not import protocol).
 */

/** One incident of a team in one game (LeaderboardIncident). */
export interface SeasonIncidentResult {
  status: string;
  ttrMs: number | null;
}

/** One team's final row in one game (LeaderboardTeam). */
export interface SeasonTeamResult {
  name: string;
  points: number;
  incidents: readonly SeasonIncidentResult[];
}

/** One game's final leaderboard, in the order the games were played. */
export interface SeasonGameResult {
  teams: readonly SeasonTeamResult[];
}

/** One row of the season board (SeasonLeaderboardResponse["teams"][number]). */
export interface SeasonStanding {
  name: string;
  /** Games the team played in. */
  games: number;
  points: number;
  incidentsRecovered: number;
  /** Median time to recover over every recovered incident, in ms (mean of the middle two, rounded); null when none. */
  medianTtrMs: number | null;
  rank: number;
}

/** The key teams are matched by: case-insensitive, spaces trimmed and collapsed. */
export function seasonTeamKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
}

interface Tally {
  name: string;
  games: Set<number>;
  points: number;
  ttrs: number[];
}

export function seasonStandings(games: readonly SeasonGameResult[]): SeasonStanding[] {
  const byKey = new Map<string, Tally>();
  games.forEach((game, gameIndex) => {
    for (const team of game.teams) {
      const key = seasonTeamKey(team.name);
      const tally = byKey.get(key) ?? { name: team.name, games: new Set<number>(), points: 0, ttrs: [] };
      tally.name = team.name.trim().replace(/\s+/g, " "); // latest spelling wins
      tally.games.add(gameIndex);
      tally.points += team.points;
      for (const incident of team.incidents) {
        if (incident.status === "recovered" && incident.ttrMs !== null) tally.ttrs.push(incident.ttrMs);
      }
      byKey.set(key, tally);
    }
  });

  const rows = [...byKey.values()].map((t) => ({
    name: t.name,
    games: t.games.size,
    points: t.points,
    incidentsRecovered: t.ttrs.length,
    medianTtrMs: median(t.ttrs),
    rank: 0,
  }));
  rows.sort(
    (a, b) =>
      b.points - a.points ||
      b.incidentsRecovered - a.incidentsRecovered ||
      (a.medianTtrMs ?? Infinity) - (b.medianTtrMs ?? Infinity) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    row.rank = prev && prev.points === row.points ? prev.rank : i + 1;
  });
  return rows;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

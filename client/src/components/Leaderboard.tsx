import type { TeamView } from "../../../server/src/protocol/index.js";
import { formatClock, formatPoints } from "../lib/format.js";
import { StatusChip } from "./StatusChip.js";

export function rankedTeams(teams: Record<string, TeamView>): TeamView[] {
  return Object.values(teams).sort((a, b) => a.rank - b.rank || b.points - a.points || a.name.localeCompare(b.name));
}

function RankChange({ change }: { change: number }) {
  if (!change) return <span className="rank-change same" aria-label="rank unchanged" />;
  return (
    <span className={`rank-change ${change > 0 ? "up" : "down"}`} aria-label={change > 0 ? `up ${change}` : `down ${-change}`}>
      {change > 0 ? `▲${change}` : `▼${-change}`}
    </span>
  );
}

interface Props {
  teams: Record<string, TeamView>;
  highlightTeamId?: string;
  size?: "compact" | "large";
  showIncidents?: boolean;
}

/** Live leaderboard. Rows are keyed by team so rank changes animate (CSS transition on order). */
export function Leaderboard({ teams, highlightTeamId, size = "compact", showIncidents = false }: Props) {
  const rows = rankedTeams(teams);
  if (rows.length === 0) return <p className="empty">No teams yet.</p>;
  return (
    <ol className={`leaderboard leaderboard-${size}`} aria-label="Leaderboard">
      {rows.map((t) => {
        const latest = t.incidents[t.incidents.length - 1];
        return (
          <li
            key={t.teamId}
            className={`lb-row${t.teamId === highlightTeamId ? " mine" : ""}${t.rankChange > 0 ? " moved-up" : ""}`}
            data-team={t.name}
            data-rank={t.rank}
          >
            <span className="lb-rank">{t.rank}</span>
            <RankChange change={t.rankChange} />
            <span className="lb-name">{t.name}</span>
            {showIncidents && latest ? (
              <span className="lb-incident">
                <StatusChip status={latest.status} />
                {latest.recoveredAt ? <span className="lb-ttr">TTR {formatClock(latest.recoveredAt - latest.injectedAt)}</span> : null}
              </span>
            ) : null}
            <span className="lb-points" data-testid={`points-${t.name}`}>
              {formatPoints(t.points)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

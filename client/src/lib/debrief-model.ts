/** Pure shaping of the debrief JSON for charts and comparisons. */
import type { DebriefIncident, DebriefTeam, ScorePoint } from "../../../server/src/protocol/index.js";

export interface TimelineBar {
  team: string;
  /** Seconds from injection until diagnosis (or until the fix, or recovery, when undiagnosed). */
  investigating: number;
  /** Seconds from diagnosis to the first fix attempt. */
  fixing: number;
  /** Seconds from the fix attempt to recovery. */
  recovering: number;
  recovered: boolean;
}

function offsetMs(team: DebriefTeam, kind: string): number | null {
  const injected = team.timeline.find((e) => e.kind === "injected");
  const entry = team.timeline.find((e) => e.kind === kind);
  if (!injected || !entry) return null;
  return Date.parse(entry.at) - Date.parse(injected.at);
}

const sec = (ms: number) => Math.max(0, Math.round(ms / 100) / 10);

/** One stacked bar per team: injected → diagnosed → fix attempted → recovered. */
export function timelineBars(incident: DebriefIncident): TimelineBar[] {
  return incident.teams.map((t) => {
    const diagnosed = t.ttdMs ?? offsetMs(t, "diagnosed");
    const fix = offsetMs(t, "fix-attempted");
    const recovered = t.ttrMs ?? offsetMs(t, "recovered");
    const end = recovered ?? offsetMs(t, "expired") ?? offsetMs(t, "unresolved") ?? fix ?? diagnosed ?? 0;
    const investigateEnd = diagnosed ?? fix ?? end;
    const fixStart = fix ?? end;
    return {
      team: t.name,
      investigating: sec(investigateEnd),
      fixing: sec(Math.max(0, fixStart - investigateEnd)),
      recovering: sec(Math.max(0, end - fixStart)),
      recovered: recovered !== null,
    };
  });
}

/** The recovered team with the lowest TTR, or null. */
export function fastestTeam(incident: DebriefIncident): DebriefTeam | null {
  let best: DebriefTeam | null = null;
  for (const t of incident.teams) if (t.ttrMs !== null && (best === null || t.ttrMs < best.ttrMs!)) best = t;
  return best;
}

/** Flattens the score timeline into chart rows keyed by team name; `t` is epoch ms for a numeric time axis. */
export function scoreRows(points: ScorePoint[], names: Record<string, string>): Record<string, number>[] {
  return points.map((p) => {
    const row: Record<string, number> = { t: Date.parse(p.at) };
    for (const [teamId, v] of Object.entries(p.points)) row[names[teamId] ?? teamId] = Math.round(v);
    return row;
  });
}

/**
 * What a restarted server needs to resume a game, derived from its event log alone: teams, phase,
 * pauses, which timeline entries each team already got, open incidents and the freeze. Pure.
 */
import { activeFreeze, pausedIntervalsFrom, sortBySeq, type GameEvent, type PausedInterval } from "../../scoring/index.js";
import type { RuntimeTeam } from "./types.js";

/** Lifecycle of a game (the protocol names the same four values). */
export type GamePhase = "lobby" | "running" | "paused" | "ended";

/** Waves created by the pack's timeline are named `timeline-<index>` (see engine/timeline.ts). */
export const TIMELINE_WAVE_PREFIX = "timeline-";

export function timelineIndexOf(waveId: string | undefined): number | null {
  if (!waveId?.startsWith(TIMELINE_WAVE_PREFIX)) return null;
  const n = Number(waveId.slice(TIMELINE_WAVE_PREFIX.length));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export interface RestoredGame {
  phase: GamePhase;
  startedAt: number | null;
  endedAt: number | null;
  teams: RuntimeTeam[];
  paused: PausedInterval[];
  fired: { teamId: string; index: number }[];
  /** Injected incidents, in order, with what is needed to re-render them. */
  incidents: { incidentId: string; teamId: string; scenarioId: string; params: Record<string, string | number | boolean>; waveId: string; at: number }[];
  frozen: boolean;
}

export function restoreFacts(events: readonly GameEvent[]): RestoredGame {
  const sorted = sortBySeq(events);
  let phase: GamePhase = "lobby";
  let startedAt: number | null = null;
  let endedAt: number | null = null;
  const teams = new Map<string, RuntimeTeam>();
  const fired: { teamId: string; index: number }[] = [];
  const incidents: RestoredGame["incidents"] = [];
  for (const e of sorted) {
    switch (e.type) {
      case "team-joined":
        teams.set(e.teamId, { teamId: e.teamId, name: e.name, namespace: e.namespace ?? "" });
        break;
      case "game-started":
        phase = "running";
        startedAt = e.at;
        break;
      case "game-paused":
        if (phase === "running") phase = "paused";
        break;
      case "game-resumed":
        if (phase === "paused") phase = "running";
        break;
      case "game-ended":
        phase = "ended";
        endedAt = e.at;
        break;
      case "incident-injected": {
        const waveId = e.waveId ?? e.scenarioId;
        incidents.push({ incidentId: e.incidentId, teamId: e.teamId, scenarioId: e.scenarioId, params: e.params, waveId, at: e.at });
        const index = timelineIndexOf(waveId);
        if (index !== null) fired.push({ teamId: e.teamId, index });
        break;
      }
      default:
        break;
    }
  }
  return {
    phase,
    startedAt,
    endedAt,
    teams: [...teams.values()],
    paused: pausedIntervalsFrom(sorted),
    fired,
    incidents,
    frozen: activeFreeze(sorted) !== null,
  };
}

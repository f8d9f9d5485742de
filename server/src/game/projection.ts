/**
 * Pure projection of a running game into the views clients see (protocol/state.ts): the public teams
 * (from the possibly frozen leaderboard) and each team's private data (live incidents, hints bought,
 * declarations). The room copies these into its Colyseus schema.
 */
import type { ActivityView, DeclarationView, HintView, IncidentView, ScenarioBriefView, TeamView } from "../protocol/index.js";
import type { Leaderboard, LiveIncident, RuntimeTeam } from "../engine/index.js";
import { incidentExpiresAt } from "../engine/index.js";

/** Newest activity rows a team's private feed keeps. */
export const ACTIVITY_FEED_LENGTH = 50;

type IncidentScoreRow = Leaderboard["teams"][number]["incidents"][number];

function incidentView(score: IncidentScoreRow, brief: ScenarioBriefView | undefined, live: LiveIncident | undefined): IncidentView {
  return {
    incidentId: score.incidentId,
    scenarioId: score.scenarioId,
    title: brief?.title ?? score.scenarioId,
    summary: brief?.summary ?? "",
    status: score.status,
    injectedAt: score.injectedAt,
    diagnosedAt: score.diagnosedAt ?? 0,
    fixAttemptedAt: score.fixAttemptedAt ?? 0,
    recoveredAt: score.recoveredAt ?? 0,
    expiresAt: live ? (incidentExpiresAt(live) ?? 0) : 0,
    points: score.points.total,
  };
}

export interface ProjectionInput {
  teams: readonly RuntimeTeam[];
  /** The public board (frozen while the scoreboard is frozen). */
  publicBoard: Leaderboard;
  /** The live board, for each team's own private view. */
  liveBoard: Leaderboard;
  incidents: ReadonlyMap<string, LiveIncident> | ((incidentId: string) => LiveIncident | undefined);
  scenarios: Readonly<Record<string, ScenarioBriefView>>;
  online: ReadonlyMap<string, number>;
}

function lookup(input: ProjectionInput, id: string): LiveIncident | undefined {
  return typeof input.incidents === "function" ? input.incidents(id) : input.incidents.get(id);
}

export function projectTeams(input: ProjectionInput): TeamView[] {
  const standings = new Map(input.publicBoard.teams.map((t) => [t.teamId, t]));
  return input.teams.map((team) => {
    const s = standings.get(team.teamId);
    return {
      teamId: team.teamId,
      name: team.name,
      namespace: team.namespace,
      points: s?.points ?? 0,
      rank: s?.rank ?? input.teams.length,
      rankChange: s?.rankChange ?? 0,
      playersOnline: input.online.get(team.teamId) ?? 0,
      incidents: (s?.incidents ?? []).map((i) => incidentView(i, input.scenarios[i.scenarioId], lookup(input, i.incidentId))),
    };
  });
}

export function projectPrivate(
  input: ProjectionInput,
  teamId: string,
  activity: readonly ActivityView[],
): { incidents: IncidentView[]; hints: HintView[]; declarations: DeclarationView[]; activity: ActivityView[] } {
  const standing = input.liveBoard.teams.find((t) => t.teamId === teamId);
  const incidents = (standing?.incidents ?? []).map((i) => incidentView(i, input.scenarios[i.scenarioId], lookup(input, i.incidentId)));
  const hints: HintView[] = [];
  const declarations: DeclarationView[] = [];
  for (const inc of standing?.incidents ?? []) {
    const live = lookup(input, inc.incidentId);
    const brief = input.scenarios[inc.scenarioId];
    for (const index of inc.hintsBought) {
      hints.push({
        incidentId: inc.incidentId,
        hintIndex: index,
        cost: brief?.hints[index]?.cost ?? 0,
        unlockAt: inc.injectedAt + (brief?.hints[index]?.unlockAfterMs ?? 0),
        text: live?.scenario.hints[index]?.text ?? "",
      });
    }
    for (const d of inc.declarations) declarations.push({ incidentId: inc.incidentId, optionId: d.optionId, correct: d.correct, at: d.at });
  }
  return { incidents, hints, declarations, activity: activity.slice(-ACTIVITY_FEED_LENGTH) };
}

/**
 * Copies plain views into Colyseus schema instances, assigning only what changed, so patches stay small
 * (a rank change sends a few bytes, not the whole board).
 */
import { ArraySchema, type MapSchema } from "@colyseus/schema";
import type { ActivityView, DeclarationView, HintView, IncidentView, ScenarioBriefView, TeamView } from "../protocol/index.js";
import { Activity, Declaration, Hint, HintBrief, Incident, RootCauseOption, ScenarioBrief, Team, TeamPrivate } from "./state.js";

type Plain = Record<string, string | number | boolean>;

function assignChanged(target: Record<string, unknown>, source: Plain): void {
  for (const [k, v] of Object.entries(source)) if (target[k] !== v) target[k] = v;
}

/** Syncs an ArraySchema of flat schema objects with `rows`, reusing instances by position. */
function syncArray<S extends object>(array: ArraySchema<S>, rows: readonly Plain[], create: (row: Plain) => S): void {
  rows.forEach((row, i) => {
    const existing = array[i];
    if (existing) assignChanged(existing as Record<string, unknown>, row);
    else array.push(create(row));
  });
  while (array.length > rows.length) array.pop();
}

const incidentRow = (i: IncidentView): Plain => ({ ...i });

export function syncTeams(map: MapSchema<Team>, views: readonly TeamView[]): void {
  const ids = new Set(views.map((v) => v.teamId));
  for (const key of [...map.keys()]) if (!ids.has(key)) map.delete(key);
  for (const v of views) {
    let team = map.get(v.teamId);
    if (!team) {
      team = new Team({ teamId: v.teamId, name: v.name, namespace: v.namespace, points: 0, rank: 0, rankChange: 0, playersOnline: 0 });
      map.set(v.teamId, team);
    }
    const { incidents, ...flat } = v;
    assignChanged(team as unknown as Record<string, unknown>, flat);
    syncArray(team.incidents, incidents.map(incidentRow), (row) => new Incident(row as unknown as IncidentView));
  }
}

export interface PrivateView {
  incidents: IncidentView[];
  hints: HintView[];
  declarations: DeclarationView[];
  activity: ActivityView[];
}

/** Returns the schema entry (created when new) so the room can add it to the right StateViews. */
export function syncPrivate(map: MapSchema<TeamPrivate>, teamId: string, view: PrivateView): { entry: TeamPrivate; created: boolean } {
  let entry = map.get(teamId);
  const created = !entry;
  if (!entry) {
    entry = new TeamPrivate({ teamId });
    map.set(teamId, entry);
  }
  syncArray(entry.incidents, view.incidents.map(incidentRow), (row) => new Incident(row as unknown as IncidentView));
  syncArray(entry.hints, view.hints.map((h) => ({ ...h })), (row) => new Hint(row as unknown as HintView));
  syncArray(entry.declarations, view.declarations.map((d) => ({ ...d })), (row) => new Declaration(row as unknown as DeclarationView));
  syncArray(entry.activity, view.activity.map((a) => ({ ...a })), (row) => new Activity(row as unknown as ActivityView));
  return { entry, created };
}

/** Just the activity feed of a team's private entry (the rest does not change with a kubectl request). */
export function syncActivity(map: MapSchema<TeamPrivate>, teamId: string, feed: readonly ActivityView[]): void {
  const entry = map.get(teamId);
  if (entry) syncArray(entry.activity, feed.map((a) => ({ ...a })), (row) => new Activity(row as unknown as ActivityView));
}

export function briefSchema(b: ScenarioBriefView): ScenarioBrief {
  return new ScenarioBrief({
    scenarioId: b.scenarioId,
    title: b.title,
    summary: b.summary,
    difficulty: b.difficulty,
    points: b.points,
    timeLimitMs: b.timeLimitMs,
    rootCauseQuestion: b.rootCauseQuestion,
    rootCauseOptions: new ArraySchema(...b.rootCauseOptions.map((o) => new RootCauseOption(o))),
    hints: new ArraySchema(...b.hints.map((h) => new HintBrief(h))),
  });
}

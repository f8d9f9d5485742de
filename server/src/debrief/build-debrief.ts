/**
 * Builds the debrief document (DESIGN.md REST contract) from the append-only event log, the recorded
 * kubectl activity and the scenarios' debrief.md. Pure: the same inputs always give the same document,
 * so a debrief can be rebuilt at any time and is "kept forever" by keeping its inputs.
 */
import type { DebriefCommand, DebriefIncident, DebriefResponse, DebriefTeam, DebriefTimelineEntry, GamePhase } from "../protocol/index.js";
import { computeLeaderboard, scoreTimeline, sortBySeq, type GameEvent, type IncidentScore } from "../scoring/index.js";
import type { DebriefActivity, DebriefScenario, DebriefViewer } from "./types.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Activity that counts as a team's own command in the debrief (discovery calls are noise). */
function isCommand(a: DebriefActivity): boolean {
  return a.resource !== "" && a.verb !== "discovery";
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

interface IncidentFacts {
  teamId: string;
  incidentId: string;
  scenarioId: string;
  waveId: string;
  injectedAt: number;
  endedAt: number | null;
  events: GameEvent[];
}

function collectIncidents(events: GameEvent[]): Map<string, IncidentFacts> {
  const incidents = new Map<string, IncidentFacts>();
  for (const e of events) {
    if (e.type === "incident-injected") {
      incidents.set(e.incidentId, {
        teamId: e.teamId,
        incidentId: e.incidentId,
        scenarioId: e.scenarioId,
        waveId: e.waveId ?? e.scenarioId,
        injectedAt: e.at,
        endedAt: null,
        events: [e],
      });
    } else if ("incidentId" in e && e.incidentId && incidents.has(e.incidentId)) {
      const inc = incidents.get(e.incidentId)!;
      inc.events.push(e);
      if (e.type === "incident-recovered" || e.type === "incident-expired") inc.endedAt = e.at;
    }
  }
  return incidents;
}

function timelineFor(inc: IncidentFacts, commands: DebriefActivity[], gameEnd: number | null): DebriefTimelineEntry[] {
  const out: DebriefTimelineEntry[] = [];
  const firstCommand = commands[0];
  for (const e of inc.events) {
    switch (e.type) {
      case "incident-injected":
        out.push({ at: iso(e.at), kind: "injected", detail: `Scenario ${e.scenarioId} injected` });
        if (firstCommand) {
          out.push({ at: iso(firstCommand.at), kind: "first-command", detail: firstCommand.kubectlCommand ?? `${firstCommand.verb} ${firstCommand.resource}` });
        }
        break;
      case "incident-diagnosed":
        out.push({ at: iso(e.at), kind: "diagnosed", detail: e.command });
        break;
      case "root-cause-declared":
        out.push({ at: iso(e.at), kind: "declared", detail: `${e.optionId} (${e.correct ? "correct" : "wrong"})` });
        break;
      case "hint-bought":
        out.push({ at: iso(e.at), kind: "hint", detail: `Hint ${e.hintIndex + 1} (−${e.cost} pts)` });
        break;
      case "fix-attempted":
        out.push({ at: iso(e.at), kind: "fix-attempted", detail: e.command });
        break;
      case "collateral-damage":
        out.push({ at: iso(e.startedAt), kind: "collateral", detail: `${e.target} broken for ${Math.round(e.durationMs / 1000)} s` });
        break;
      case "incident-recovered":
        out.push({ at: iso(e.healthySince), kind: "recovered", detail: "Recovery conditions held" });
        break;
      case "incident-expired":
        out.push({ at: iso(e.at), kind: "expired", detail: "Time limit reached" });
        break;
      default:
        break;
    }
  }
  // An incident still open when the game ended gets an end mark, so charts can show how long it ran.
  if (inc.endedAt === null && gameEnd !== null) out.push({ at: iso(gameEnd), kind: "unresolved", detail: "Still open when the game ended" });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function toCommand(a: DebriefActivity): DebriefCommand {
  return {
    at: iso(a.at),
    kubectlCommand: a.kubectlCommand ?? null,
    verb: a.verb,
    resource: a.subresource ? `${a.resource}/${a.subresource}` : a.resource,
    name: a.name ?? null,
    code: a.code,
  };
}

/** Index of the command that diagnosed the incident: the last command at or before the diagnosis. */
function diagnosingIndex(inc: IncidentFacts, commands: DebriefActivity[]): number | null {
  const diagnosed = inc.events.find((e) => e.type === "incident-diagnosed");
  if (!diagnosed || diagnosed.type !== "incident-diagnosed") return null;
  let best: number | null = null;
  commands.forEach((c, i) => {
    if (c.at <= diagnosed.at && (c.kubectlCommand ?? "") === diagnosed.command) best = i;
  });
  if (best !== null) return best;
  commands.forEach((c, i) => {
    if (c.at <= diagnosed.at) best = i;
  });
  return best;
}

export interface BuildDebriefInput {
  game: { code: string; name: string; phase: GamePhase };
  events: readonly GameEvent[];
  activities: readonly DebriefActivity[];
  scenarios: Readonly<Record<string, DebriefScenario>>;
}

export function buildDebrief(input: BuildDebriefInput): DebriefResponse {
  const events = sortBySeq(input.events);
  const scenarioScoring = Object.fromEntries(Object.entries(input.scenarios).map(([id, s]) => [id, { points: s.points, timeLimitMs: s.timeLimitMs }]));
  const board = computeLeaderboard(events, { scenarios: scenarioScoring });
  const scores = new Map<string, IncidentScore>();
  const teamNames = new Map<string, string>();
  for (const t of board.teams) {
    teamNames.set(t.teamId, t.name);
    for (const inc of t.incidents) scores.set(inc.incidentId, inc);
  }
  const gameEnd = events.find((e) => e.type === "game-ended")?.at ?? null;
  const activitiesByTeam = new Map<string, DebriefActivity[]>();
  for (const a of [...input.activities].sort((x, y) => x.at - y.at)) {
    if (!isCommand(a)) continue;
    const list = activitiesByTeam.get(a.teamId) ?? [];
    list.push(a);
    activitiesByTeam.set(a.teamId, list);
  }

  // One debrief entry per injection wave (normally one per scenario), in injection order.
  const waves = new Map<string, IncidentFacts[]>();
  for (const inc of collectIncidents(events).values()) {
    const list = waves.get(inc.waveId) ?? [];
    list.push(inc);
    waves.set(inc.waveId, list);
  }

  const incidents: DebriefIncident[] = [];
  for (const [, wave] of waves) {
    const scenarioId = wave[0]!.scenarioId;
    const scenario = input.scenarios[scenarioId];
    const teams: DebriefTeam[] = wave.map((inc) => {
      const end = inc.endedAt ?? gameEnd ?? Number.POSITIVE_INFINITY;
      const commands = (activitiesByTeam.get(inc.teamId) ?? []).filter((a) => a.at >= inc.injectedAt && a.at <= end);
      const score = scores.get(inc.incidentId);
      return {
        teamId: inc.teamId,
        name: teamNames.get(inc.teamId) ?? inc.teamId,
        points: score?.points.total ?? 0,
        ttdMs: score?.ttdMs ?? null,
        ttrMs: score?.ttrMs ?? null,
        status: score?.status,
        timeline: timelineFor(inc, commands, gameEnd),
        commands: commands.map(toCommand),
        hintsUsed: score?.hintsBought ?? [],
        breakdown: score?.points,
        diagnosedBy: diagnosingIndex(inc, commands),
      };
    });
    teams.sort((a, b) => (a.ttrMs ?? Infinity) - (b.ttrMs ?? Infinity) || a.name.localeCompare(b.name));
    const recovered = teams.filter((t) => t.ttrMs !== null);
    incidents.push({
      scenario: scenarioId,
      title: scenario?.title ?? scenarioId,
      debriefMarkdown: scenario?.debriefMarkdown ?? "",
      teams,
      fastestTeamId: recovered[0]?.teamId ?? null,
      medianTtrMs: median(recovered.map((t) => t.ttrMs!)),
    });
  }

  const series = scoreTimeline(events, { scenarios: scenarioScoring });
  const moments = [...new Set(series.flatMap((s) => s.points.map((p) => p.seq)))].sort((a, b) => a - b);
  const scorePoints = moments.map((seq) => {
    const points: Record<string, number> = {};
    let at = 0;
    for (const s of series) {
      const upTo = s.points.filter((p) => p.seq <= seq);
      const last = upTo[upTo.length - 1];
      if (last) points[s.teamId] = last.points;
      const here = s.points.find((p) => p.seq === seq);
      if (here) at = here.at;
    }
    return { at: iso(at), points };
  });

  const started = events.find((e) => e.type === "game-started")?.at ?? null;
  return {
    incidents,
    game: { ...input.game, startedAt: started === null ? null : iso(started), endedAt: gameEnd === null ? null : iso(gameEnd) },
    teams: board.teams.map((t) => ({ teamId: t.teamId, name: t.name, points: t.points, rank: t.rank })),
    scoreTimeline: scorePoints,
  };
}

/**
 * Team detail (the full command list) is for that team and the host. Everyone else still sees each
 * team's milestones and the one command that found the cause, which is what the comparison needs.
 */
export function redactDebrief(debrief: DebriefResponse, viewer: DebriefViewer): DebriefResponse {
  if (viewer.role === "host") return debrief;
  return {
    ...debrief,
    incidents: debrief.incidents.map((inc) => ({
      ...inc,
      teams: inc.teams.map((t) => {
        if (viewer.role === "team" && t.teamId === viewer.teamId) return t;
        const decisive = t.diagnosedBy !== null && t.diagnosedBy !== undefined ? t.commands[t.diagnosedBy] : undefined;
        return { ...t, commands: decisive ? [decisive] : [], diagnosedBy: decisive ? 0 : null };
      }),
    })),
  };
}

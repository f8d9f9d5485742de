/**
 * Plain shapes of the live room state as clients see it after decoding. game/ defines the Colyseus schema
 * with exactly these fields; the client reads them. Times are epoch ms (0 = none).
 */
import type { GamePhase, IncidentStatus } from "./rest.js";

export interface IncidentView {
  incidentId: string;
  scenarioId: string;
  title: string;
  summary: string;
  status: IncidentStatus;
  injectedAt: number;
  diagnosedAt: number;
  fixAttemptedAt: number;
  recoveredAt: number;
  /** Deadline for recovery, epoch ms (pause-adjusted). */
  expiresAt: number;
  points: number;
}

export interface TeamView {
  teamId: string;
  name: string;
  namespace: string;
  points: number;
  rank: number;
  rankChange: number;
  playersOnline: number;
  incidents: IncidentView[];
}

export interface HintView {
  incidentId: string;
  hintIndex: number;
  cost: number;
  unlockAt: number;
  /** Empty until bought. */
  text: string;
}

export interface DeclarationView {
  incidentId: string;
  optionId: string;
  correct: boolean;
  at: number;
}

export interface ActivityView {
  at: number;
  kubectlCommand: string;
  verb: string;
  resource: string;
  name: string;
  code: number;
  allowed: boolean;
}

/** Data only one team (and the host) may see: sent through StateView. */
export interface TeamPrivateView {
  teamId: string;
  /** The team's own incidents, live even while the public scoreboard is frozen. */
  incidents: IncidentView[];
  hints: HintView[];
  declarations: DeclarationView[];
  activity: ActivityView[];
}

/** Public facts about a scenario in this game: no answers, no hint texts. */
export interface ScenarioBriefView {
  scenarioId: string;
  title: string;
  summary: string;
  difficulty: string;
  points: number;
  timeLimitMs: number;
  rootCauseQuestion: string;
  rootCauseOptions: { id: string; text: string }[];
  hints: { cost: number; unlockAfterMs: number }[];
}

/** The room state as `room.state.toJSON()` gives it to clients: maps become records keyed by id. */
export interface GameStateView {
  code: string;
  name: string;
  phase: GamePhase;
  startedAt: number;
  endsAt: number;
  /** Epoch ms of the next scheduled injection; 0 when none is scheduled. What comes next is not shared: hosts get it through the `schedule` message. */
  nextInjectionAt: number;
  frozen: boolean;
  /** Briefs of the scenarios injected so far (nothing is revealed before it happens). */
  scenarios: Record<string, ScenarioBriefView>;
  teams: Record<string, TeamView>;
  /** Only the entries this client may see (its own team; all of them for the host). */
  privates: Record<string, TeamPrivateView>;
}

/**
 * REST contract (DESIGN.md "REST contract"): request bodies as zod schemas (validated at the edge) and
 * response shapes as types. Shared by server/src/http and the client. Extend shapes; never rename fields.
 */
import { z } from "zod";

/** Longest game/team/player name we accept, in characters. */
export const MAX_NAME_LENGTH = 40;
/** Most teams one game may hold. */
export const MAX_TEAMS_PER_GAME = 64;

const name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  .regex(/^[\p{L}\p{N} _.'-]+$/u, "may contain letters, digits, spaces and _ . ' - only");

const durationString = z.string().regex(/^(\d+(\.\d+)?(ms|s|m|h))+$/, 'must be a duration such as "90s" or "10m"');

export const ScoringOverridesSchema = z
  .object({
    minSpeedFactor: z.number().min(0).max(1).optional(),
    diagnosisBonusShare: z.number().min(0).max(1).optional(),
    correctDeclarationShare: z.number().min(0).max(1).optional(),
    wrongDeclarationShare: z.number().min(0).max(1).optional(),
    firstToRecoverShare: z.number().min(0).max(1).optional(),
    collateralPenaltyPoints: z.number().min(0).optional(),
  })
  .strict();

export const GameSettingsSchema = z
  .object({
    /** Teams may register themselves with the join code (otherwise only the host creates teams). */
    openRegistration: z.boolean().default(true),
    maxTeams: z.number().int().min(1).max(MAX_TEAMS_PER_GAME).default(20),
    maxPlayersPerTeam: z.number().int().min(1).max(20).default(6),
    /** Seed for per-team params and jitter; random when omitted. */
    seed: z.string().max(64).optional(),
    /** Overrides the pack's total duration. */
    duration: durationString.optional(),
    scoring: ScoringOverridesSchema.optional(),
  })
  .strict();
export type GameSettings = z.infer<typeof GameSettingsSchema>;

export const CreateGameRequestSchema = z
  .object({
    name,
    pack: z.string().min(1).optional(),
    scenarios: z.array(z.string().min(1)).min(1).max(32).optional(),
    settings: GameSettingsSchema.default({ openRegistration: true, maxTeams: 20, maxPlayersPerTeam: 6 }),
    seasonId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.pack) !== Boolean(b.scenarios), {
    message: "give either pack or scenarios, not both and not neither",
    path: ["pack"],
  });
export type CreateGameRequest = z.infer<typeof CreateGameRequestSchema>;

export const CreateTeamRequestSchema = z.object({ name }).strict();
export type CreateTeamRequest = z.infer<typeof CreateTeamRequestSchema>;

export const InjectRequestSchema = z
  .object({ scenario: z.string().min(1), teams: z.array(z.string().min(1)).min(1).optional() })
  .strict();
export type InjectRequest = z.infer<typeof InjectRequestSchema>;

export const CreateSeasonRequestSchema = z.object({ name }).strict();

export type GamePhase = "lobby" | "running" | "paused" | "ended";
export type IncidentStatus = "injected" | "diagnosed" | "recovered" | "expired";

export interface CreateGameResponse {
  code: string;
  hostKey: string;
}

export interface CreateTeamResponse {
  teamId: string;
  teamToken: string;
  namespace: string;
}

export interface GameInfo {
  code: string;
  name: string;
  phase: GamePhase;
  teams: { teamId: string; name: string; namespace: string }[];
  pack?: string;
  seasonId?: string | null;
  openRegistration?: boolean;
}

export interface LeaderboardIncident {
  scenario: string;
  status: IncidentStatus;
  ttdMs: number | null;
  ttrMs: number | null;
}

export interface LeaderboardTeam {
  teamId: string;
  name: string;
  rank: number;
  rankChange?: number;
  points: number;
  incidents: LeaderboardIncident[];
}

export interface LeaderboardResponse {
  frozen: boolean;
  teams: LeaderboardTeam[];
}

export interface DebriefTimelineEntry {
  at: string;
  kind: string;
  detail: string;
}

export interface DebriefCommand {
  at: string;
  kubectlCommand: string | null;
  verb: string;
  resource: string;
  name: string | null;
  code: number;
}

export interface PointsBreakdown {
  recovery: number;
  diagnosisBonus: number;
  declaration: number;
  hints: number;
  firstToRecover: number;
  collateral: number;
  total: number;
}

export interface DebriefTeam {
  teamId: string;
  name: string;
  points: number;
  ttdMs: number | null;
  ttrMs: number | null;
  timeline: DebriefTimelineEntry[];
  commands: DebriefCommand[];
  /** Extensions beyond the stable contract. */
  status?: IncidentStatus;
  hintsUsed?: number[];
  breakdown?: PointsBreakdown;
  /** Index into `commands` of the command that diagnosed the incident, when one did. */
  diagnosedBy?: number | null;
}

export interface DebriefIncident {
  scenario: string;
  title?: string;
  debriefMarkdown: string;
  teams: DebriefTeam[];
  /** Fastest recovery and median TTR across teams, for "you vs the fastest team". */
  fastestTeamId?: string | null;
  medianTtrMs?: number | null;
}

export interface ScorePoint {
  at: string;
  points: Record<string, number>;
}

export interface DebriefResponse {
  incidents: DebriefIncident[];
  /** Extensions beyond the stable contract. */
  game?: { code: string; name: string; phase: GamePhase; startedAt: string | null; endedAt: string | null };
  teams?: { teamId: string; name: string; points: number; rank: number }[];
  scoreTimeline?: ScorePoint[];
}

export interface SeasonLeaderboardResponse {
  seasonId: string;
  name: string;
  teams: { name: string; games: number; points: number; incidentsRecovered: number; medianTtrMs: number | null; rank: number }[];
}

/** Error body of every failed REST call. */
export interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

/** `GET /api/scenarios` items. */
export interface ScenarioSummary {
  id: string;
  title: string;
  difficulty: "easy" | "medium" | "hard";
  points: number;
  timeLimitMs: number;
  summary: string;
  tags: string[];
}

/** `GET /api/packs` items. */
export interface PackSummary {
  id: string;
  title: string;
  description: string;
  durationMs: number;
  scenarios: string[];
}

/** `GET /api/seasons` items and `POST /api/seasons` response. */
export interface SeasonSummary {
  seasonId: string;
  name: string;
}

import { z } from "zod";
import { scoringRulesOverrideSchema } from "./rules.js";

/*
 * The GameEvent vocabulary: a game's append-only history. Scores, the leaderboard, the debrief and a
 * restarted room are all derived from these events, so every field is plain JSON.
 *
 * The canonical definitions live here, in scoring/, because scoring is the lowest layer that reads
 * them and may not import engine/ (DESIGN.md import directions); engine/game-events.ts re-exports
 * this module and is the name everyone else imports.
 *
 * Conventions:
 * - `seq` orders the log (assigned by the writer, strictly increasing per game); `at` is epoch ms.
 * - `incidentId` is unique within a game: one team's copy of one injected scenario.
 * - Times inside payloads (`healthySince`, `startedAt`) are epoch ms as well.
 */

const epochMs = z.number().int().nonnegative();
const id = z.string().min(1).max(200);

const base = {
  seq: z.number().int().nonnegative(),
  at: epochMs,
  gameId: id,
  teamId: id.optional(),
};

const withTeam = { ...base, teamId: id };

export const gameCreatedSchema = z.object({
  ...base,
  type: z.literal("game-created"),
  name: z.string().max(200),
  packId: id.optional(),
  scenarioIds: z.array(id).optional(),
  /** Per-game scoring overrides, merged over DEFAULT_SCORING_RULES. */
  scoring: scoringRulesOverrideSchema.optional(),
});

export const teamJoinedSchema = z.object({
  ...withTeam,
  type: z.literal("team-joined"),
  name: z.string().max(200),
  namespace: z.string().max(63).optional(),
});

export const gameStartedSchema = z.object({ ...base, type: z.literal("game-started") });
/** Pauses every incident clock (TTD, TTR, time limits, sustain windows) and the timeline. */
export const gamePausedSchema = z.object({ ...base, type: z.literal("game-paused") });
export const gameResumedSchema = z.object({ ...base, type: z.literal("game-resumed") });
export const gameEndedSchema = z.object({ ...base, type: z.literal("game-ended") });

export const incidentInjectedSchema = z.object({
  ...withTeam,
  type: z.literal("incident-injected"),
  incidentId: id,
  scenarioId: id,
  /** The team's drawn scenario params (e.g. the bad tag). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /**
   * Groups the copies of one injection across teams (e.g. the timeline entry id), for
   * first-to-recover. Defaults to the scenario id when absent.
   */
  waveId: id.optional(),
});

export const clueObservedSchema = z.object({
  ...withTeam,
  type: z.literal("clue-observed"),
  incidentId: id,
  clueIndex: z.number().int().nonnegative(),
  activityId: id.optional(),
  kubectlCommand: z.string().max(500),
});

export const incidentDiagnosedSchema = z.object({
  ...withTeam,
  type: z.literal("incident-diagnosed"),
  incidentId: id,
  clueIndex: z.number().int().nonnegative(),
  command: z.string().max(500),
});

export const fixAttemptedSchema = z.object({
  ...withTeam,
  type: z.literal("fix-attempted"),
  incidentId: id,
  command: z.string().max(500),
  verb: z.string().max(40).optional(),
  resource: z.string().max(100).optional(),
  name: z.string().max(253).optional(),
});

export const incidentRecoveredSchema = z.object({
  ...withTeam,
  type: z.literal("incident-recovered"),
  incidentId: id,
  /**
   * Start of the healthy window that lasted `sustainFor` (epoch ms). TTR is measured to here,
   * because TTR should measure the fix, not the wait; `at` is when the window was confirmed.
   */
  healthySince: epochMs,
});

export const incidentExpiredSchema = z.object({
  ...withTeam,
  type: z.literal("incident-expired"),
  incidentId: id,
});

export const rootCauseDeclaredSchema = z.object({
  ...withTeam,
  type: z.literal("root-cause-declared"),
  incidentId: id,
  optionId: id,
  correct: z.boolean(),
  /** 1-based attempt number. */
  attempt: z.number().int().positive(),
});

export const hintBoughtSchema = z.object({
  ...withTeam,
  type: z.literal("hint-bought"),
  incidentId: id,
  hintIndex: z.number().int().nonnegative(),
  /** Points, as stated by the scenario's hint. */
  cost: z.number().nonnegative(),
});

export const collateralDamageSchema = z.object({
  ...withTeam,
  type: z.literal("collateral-damage"),
  incidentId: id.optional(),
  /** What broke, e.g. "deployments/backend". */
  target: z.string().max(300),
  startedAt: epochMs,
  durationMs: z.number().int().nonnegative(),
  /** The team's request that caused it, when known. */
  command: z.string().max(500).optional(),
});

/** The team's namespace was reset to the baseline app by the host. Does not change points. */
export const teamResetSchema = z.object({
  ...withTeam,
  type: z.literal("team-reset"),
  reason: z.string().max(500).optional(),
});

export const broadcastSchema = z.object({
  ...base,
  type: z.literal("broadcast"),
  message: z.string().max(2000),
});

/** The public board stops changing from this event's `at` until `scoreboard-unfrozen`. */
export const scoreboardFrozenSchema = z.object({ ...base, type: z.literal("scoreboard-frozen") });
export const scoreboardUnfrozenSchema = z.object({ ...base, type: z.literal("scoreboard-unfrozen") });

export const gameEventSchema = z.discriminatedUnion("type", [
  gameCreatedSchema,
  teamJoinedSchema,
  gameStartedSchema,
  gamePausedSchema,
  gameResumedSchema,
  gameEndedSchema,
  incidentInjectedSchema,
  clueObservedSchema,
  incidentDiagnosedSchema,
  fixAttemptedSchema,
  incidentRecoveredSchema,
  incidentExpiredSchema,
  rootCauseDeclaredSchema,
  hintBoughtSchema,
  collateralDamageSchema,
  teamResetSchema,
  broadcastSchema,
  scoreboardFrozenSchema,
  scoreboardUnfrozenSchema,
]);

export type GameEvent = z.infer<typeof gameEventSchema>;
export type GameEventType = GameEvent["type"];
/** The event of one type, e.g. `GameEventOf<"incident-injected">`. */
export type GameEventOf<T extends GameEventType> = Extract<GameEvent, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the log writer assigns `seq` and `gameId` (what the engine's reducers emit). */
export type GameEventDraft = DistributiveOmit<GameEvent, "seq" | "gameId">;

export const GAME_EVENT_TYPES = gameEventSchema.options.map((o) => o.shape.type.value) as GameEventType[];

/** Validates one event from outside (db row, import); throws a zod error listing every problem. */
export function parseGameEvent(input: unknown): GameEvent {
  return gameEventSchema.parse(input);
}

/** Non-throwing variant for loaders that skip or report bad rows. */
export function safeParseGameEvent(input: unknown): ReturnType<typeof gameEventSchema.safeParse> {
  return gameEventSchema.safeParse(input);
}

/** Returns the events sorted by `seq` (stable), without mutating the input. */
export function sortBySeq<E extends { seq: number }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => a.seq - b.seq);
}

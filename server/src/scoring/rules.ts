import { z } from "zod";

/**
 * The scoring model as data. A "share" is a fraction of the incident's scenario points; durations are
 * in milliseconds; "points" are absolute points. Field names match protocol's ScoringOverridesSchema so
 * that game settings merge without a mapping. A game may override any field (see
 * {@link resolveScoringRules}); the README in this folder explains the model with a worked example.
 */
export interface ScoringRules {
  /** Speed factor at the time limit; it falls linearly from 1.0 at 0 ms to this value. Default 0.5. */
  minSpeedFactor: number;
  /** Diagnosis bonus as a share of scenario points, scaled by the speed factor of the TTD. Default 0.25. */
  diagnosisBonusShare: number;
  /** When true, the diagnosis bonus is paid only if the incident was also recovered. Default false. */
  diagnosisBonusRequiresRecovery: boolean;
  /** Bonus for a correct root-cause declaration, share of scenario points. Default 0.10. */
  correctDeclarationShare: number;
  /** Penalty for each wrong root-cause declaration, share of scenario points. Default 0.05. */
  wrongDeclarationShare: number;
  /** When set, a correct declaration earns these points instead of the share (a pack's `rootCauseBonus`). */
  correctDeclarationPoints: number | null;
  /** When set, a wrong declaration costs these points instead of the share (a pack's `wrongRootCausePenalty`). */
  wrongDeclarationPoints: number | null;
  /** Declarations counted per incident; later ones are ignored. Default 2. */
  maxDeclarationAttempts: number;
  /** Multiplier on each bought hint's own cost (1 = pay the cost the scenario states). Default 1. */
  hintCostMultiplier: number;
  /** Bonus for the fastest recovery (smallest TTR) of an injection wave, share of scenario points. Default 0.10. */
  firstToRecoverShare: number;
  /** Collateral damage lasting this long or less is forgiven (ms). Default 30 000 (30 s). */
  collateralMinDurationMs: number;
  /** Penalty per collateral damage that lasted longer than collateralMinDurationMs, in points. Default 20. */
  collateralPenaltyPoints: number;
}

/** The default model of the issue "The game". Frozen so that nobody mutates the shared defaults. */
export const DEFAULT_SCORING_RULES: Readonly<ScoringRules> = Object.freeze({
  minSpeedFactor: 0.5,
  diagnosisBonusShare: 0.25,
  diagnosisBonusRequiresRecovery: false,
  correctDeclarationShare: 0.1,
  wrongDeclarationShare: 0.05,
  correctDeclarationPoints: null,
  wrongDeclarationPoints: null,
  maxDeclarationAttempts: 2,
  hintCostMultiplier: 1,
  firstToRecoverShare: 0.1,
  collateralMinDurationMs: 30_000,
  collateralPenaltyPoints: 20,
});

const share = z.number().min(0).max(1);
const points = z.number().min(0).max(100_000);

/** Per-game overrides, validated where they enter (game settings, event log). */
export const scoringRulesOverrideSchema = z
  .object({
    minSpeedFactor: share,
    diagnosisBonusShare: share,
    diagnosisBonusRequiresRecovery: z.boolean(),
    correctDeclarationShare: share,
    wrongDeclarationShare: share,
    correctDeclarationPoints: points.nullable(),
    wrongDeclarationPoints: points.nullable(),
    maxDeclarationAttempts: z.number().int().min(0).max(10),
    hintCostMultiplier: z.number().min(0).max(10),
    firstToRecoverShare: share,
    collateralMinDurationMs: z.number().int().min(0),
    collateralPenaltyPoints: points,
  })
  .partial()
  .strict();

export type ScoringRulesOverride = z.infer<typeof scoringRulesOverrideSchema>;

/** Merges overrides over the defaults, left to right; `undefined` fields keep the earlier value. */
export function resolveScoringRules(...overrides: (ScoringRulesOverride | undefined)[]): ScoringRules {
  const out: ScoringRules = { ...DEFAULT_SCORING_RULES };
  for (const o of overrides) {
    if (!o) continue;
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * Speed factor for an elapsed (pause-excluded) time: 1.0 at 0, falling linearly to
 * `minFactor` at `timeLimitMs`, clamped on both ends. A zero or invalid limit gives 1.0.
 */
export function speedFactor(elapsedMs: number, timeLimitMs: number, minFactor: number): number {
  if (!(timeLimitMs > 0) || !Number.isFinite(elapsedMs)) return 1;
  const x = Math.min(1, Math.max(0, elapsedMs / timeLimitMs));
  return 1 - (1 - minFactor) * x;
}

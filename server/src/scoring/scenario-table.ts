import { parseDuration } from "../core/index.js";
import type { PackScoring, Scenario } from "../scenarios/index.js";
import type { ScenarioScoring } from "./calc.js";
import type { ScoringRulesOverride } from "./rules.js";

/**
 * Scenario id → {points, timeLimitMs} for computeLeaderboard, with a pack's per-scenario `points`
 * overrides applied. Durations are parsed here, once.
 */
export function scenarioScoringTable(
  scenarios: Iterable<Pick<Scenario, "id" | "points" | "timeLimit">>,
  pack?: Pick<PackScoring, "points">,
): Record<string, ScenarioScoring> {
  const out: Record<string, ScenarioScoring> = {};
  for (const s of scenarios) {
    out[s.id] = { points: pack?.points?.[s.id] ?? s.points, timeLimitMs: parseDuration(s.timeLimit) };
  }
  return out;
}

/**
 * A pack's `scoring` block as rule overrides. Its integer `rootCauseBonus`, `wrongRootCausePenalty` and
 * `collateralPenalty` are read as absolute points (they are integers, unlike the shares in game settings).
 */
export function rulesFromPackScoring(pack: PackScoring | undefined): ScoringRulesOverride {
  if (!pack) return {};
  const out: ScoringRulesOverride = {};
  if (pack.hintCostMultiplier !== undefined) out.hintCostMultiplier = pack.hintCostMultiplier;
  if (pack.rootCauseBonus !== undefined) out.correctDeclarationPoints = pack.rootCauseBonus;
  if (pack.wrongRootCausePenalty !== undefined) out.wrongDeclarationPoints = pack.wrongRootCausePenalty;
  if (pack.collateralPenalty !== undefined) out.collateralPenaltyPoints = pack.collateralPenalty;
  return out;
}

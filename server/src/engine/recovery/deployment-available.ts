import type { DeploymentAvailableCondition } from "../../scenarios/index.js";
import { conditionOf, dig, fail, findObject, isLive, num, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/**
 * Available and fully rolled out: observedGeneration ≥ generation, updated = total = desired replicas
 * (no old pods left), Available=True, no ProgressDeadlineExceeded, ready ≥ minReady (default desired, ≥ 1).
 */
export function deploymentAvailable(c: DeploymentAvailableCondition, ctx: EvaluationContext): ConditionResult {
  const d = findObject(ctx.snapshot, "deployments", c.name);
  if (!isLive(d)) return fail(`deployment ${c.name} does not exist`);
  const reasons: string[] = [];
  const desired = num(dig(d, "spec", "replicas"), 1);
  const generation = num(d.metadata?.generation, 0);
  const observed = num(dig(d, "status", "observedGeneration"), -1);
  const updated = num(dig(d, "status", "updatedReplicas"));
  const total = num(dig(d, "status", "replicas"));
  const ready = num(dig(d, "status", "readyReplicas"));
  const minReady = Math.max(1, c.minReady ?? desired);
  if (observed < generation) reasons.push(`deployment ${c.name}: controller has not observed generation ${generation} yet`);
  if (updated < desired) reasons.push(`deployment ${c.name}: ${updated}/${desired} replicas updated`);
  if (total > updated) reasons.push(`deployment ${c.name}: ${total - updated} old replica(s) still running`);
  if (ready < minReady) reasons.push(`deployment ${c.name}: ${ready}/${minReady} replicas ready`);
  if (conditionOf(d, "Available")?.status !== "True") reasons.push(`deployment ${c.name}: condition Available is not True`);
  if (conditionOf(d, "Progressing")?.reason === "ProgressDeadlineExceeded") {
    reasons.push(`deployment ${c.name}: ProgressDeadlineExceeded`);
  }
  return reasons.length ? fail(...reasons) : pass();
}

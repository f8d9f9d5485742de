import type { PodsReadyCondition } from "../../scenarios/index.js";
import { labelsMatch, parseLabelSelector } from "./label-selector.js";
import { conditionOf, dig, fail, isLive, objectsOf, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** Every non-terminating pod matching the selector is Ready, at least `min` (default 1) of them, optionally none waiting. */
export function podsReady(c: PodsReadyCondition, ctx: EvaluationContext): ConditionResult {
  const reqs = parseLabelSelector(c.selector);
  const pods = Object.entries(objectsOf(ctx.snapshot, "pods")).filter(([, p]) => isLive(p) && labelsMatch(p.metadata?.labels, reqs));
  const min = c.min ?? 1;
  const reasons: string[] = [];
  if (pods.length < min) reasons.push(`pods ${c.selector}: ${pods.length} found, need at least ${min}`);
  for (const [name, p] of pods) {
    if (conditionOf(p, "Ready")?.status !== "True") reasons.push(`pod ${name} is not Ready`);
    if (c.noWaitingReason) {
      const statuses = [...arr(dig(p, "status", "initContainerStatuses")), ...arr(dig(p, "status", "containerStatuses"))];
      for (const s of statuses) {
        const reason = dig(s, "state", "waiting", "reason");
        if (dig(s, "state", "waiting") !== undefined) reasons.push(`pod ${name}: container ${String(dig(s, "name"))} waiting (${String(reason ?? "unknown")})`);
      }
    }
  }
  return reasons.length ? fail(...reasons) : pass();
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

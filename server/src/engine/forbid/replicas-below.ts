import type { ReplicasBelowForbid } from "../../scenarios/index.js";
import { describeTarget, dig, clear, findObject, isLive, num, holds, type ForbidResult, type EvaluationContext } from "../recovery/snapshot.js";

/** Holds while spec.replicas < `replicas`; a deleted workload counts as 0 replicas. */
export function replicasBelow(c: ReplicasBelowForbid, ctx: EvaluationContext): ForbidResult {
  const obj = findObject(ctx.snapshot, c.target.kind, c.target.name);
  const replicas = isLive(obj) ? num(dig(obj, "spec", "replicas"), 1) : 0;
  return replicas < c.replicas ? holds(`${describeTarget(c.target)} scaled to ${replicas} (below ${c.replicas})`) : clear();
}

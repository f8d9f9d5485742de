import type { PvcBoundCondition } from "../../scenarios/index.js";
import { dig, fail, findObject, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The PersistentVolumeClaim's phase is Bound. */
export function pvcBound(c: PvcBoundCondition, ctx: EvaluationContext): ConditionResult {
  const pvc = findObject(ctx.snapshot, "persistentvolumeclaims", c.name);
  if (!pvc) return fail(`persistentvolumeclaim ${c.name} does not exist`);
  const phase = dig(pvc, "status", "phase");
  return phase === "Bound" ? pass() : fail(`persistentvolumeclaim ${c.name} is ${String(phase ?? "Pending")}, not Bound`);
}

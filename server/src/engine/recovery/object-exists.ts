import type { ObjectExistsCondition } from "../../scenarios/index.js";
import { absence, fail, findObject, isLive, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The object exists and is not being deleted. */
export function objectExists(c: ObjectExistsCondition, ctx: EvaluationContext): ConditionResult {
  return isLive(findObject(ctx.snapshot, c.target.kind, c.target.name)) ? pass() : fail(absence(ctx.snapshot, c.target));
}

import type { ObjectMissingForbid } from "../../scenarios/index.js";
import { resourceForKind as resourceOf } from "../resource-names.js";
import { absence, describeTarget, clear, findObject, isLive, holds, type ForbidResult, type EvaluationContext } from "../recovery/snapshot.js";

/** Holds while the object is gone or being deleted. */
export function objectMissing(c: ObjectMissingForbid, ctx: EvaluationContext): ForbidResult {
  return isLive(findObject(ctx.snapshot, c.target.kind, c.target.name)) ? clear() : holds(ctx.snapshot[resourceOf(c.target.kind)] === undefined ? absence(ctx.snapshot, c.target) : `${describeTarget(c.target)} was deleted`);
}

import { isDeepStrictEqual } from "node:util";
import type { SelectorChangedForbid } from "../../scenarios/index.js";
import { describeTarget, dig, clear, findObject, holds, type ForbidResult, type EvaluationContext } from "../recovery/snapshot.js";

/** Holds while the Service selector (or workload matchLabels) differs from the expected one. */
export function selectorChanged(c: SelectorChangedForbid, ctx: EvaluationContext): ForbidResult {
  const obj = findObject(ctx.snapshot, c.target.kind, c.target.name);
  if (!obj) return clear();
  const actual = c.target.kind === "Service" ? dig(obj, "spec", "selector") : dig(obj, "spec", "selector", "matchLabels");
  return isDeepStrictEqual(actual ?? {}, c.selector)
    ? clear()
    : holds(`${describeTarget(c.target)} selector is ${JSON.stringify(actual ?? {})}, expected ${JSON.stringify(c.selector)}`);
}

import type { ServiceHasEndpointsCondition } from "../../scenarios/index.js";
import { dig, fail, findObject, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The Service's Endpoints object lists at least `min` (default 1) ready addresses. */
export function serviceHasEndpoints(c: ServiceHasEndpointsCondition, ctx: EvaluationContext): ConditionResult {
  if (!findObject(ctx.snapshot, "services", c.service)) return fail(`service ${c.service} does not exist`);
  const ep = findObject(ctx.snapshot, "endpoints", c.service);
  const subsets = dig(ep, "subsets");
  let ready = 0;
  if (Array.isArray(subsets)) for (const s of subsets) ready += Array.isArray(dig(s, "addresses")) ? (dig(s, "addresses") as unknown[]).length : 0;
  const min = c.min ?? 1;
  return ready >= min ? pass() : fail(`service ${c.service}: ${ready} ready endpoint(s), need ${min}`);
}

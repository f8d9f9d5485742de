import { kindOf, type ForbidCondition, type ForbidConditionKind } from "../../scenarios/index.js";
import { evaluateCondition } from "../recovery/registry.js";
import type { EvaluationContext, ForbidResult } from "../recovery/snapshot.js";
import { imageNotIn } from "./image-not-in.js";
import { objectMissing } from "./object-missing.js";
import { replicasBelow } from "./replicas-below.js";
import { selectorChanged } from "./selector-changed.js";

type SpecOf<K extends ForbidConditionKind> = Extract<ForbidCondition, Record<K, unknown>>[K];
type Evaluators = { [K in ForbidConditionKind]: (spec: SpecOf<K>, ctx: EvaluationContext) => ForbidResult };

/** One line per forbid kind; `not` reuses every recovery condition (holds while it is false). */
export const FORBID_EVALUATORS: Evaluators = {
  objectMissing,
  replicasBelow,
  imageNotIn,
  selectorChanged,
  not: (inner, ctx) => {
    const r = evaluateCondition(inner, ctx);
    return r.ok ? { holds: false, reasons: [] } : { holds: true, reasons: r.reasons };
  },
};

/** Evaluates one forbid condition; an unknown kind or a bad spec holds (fail safe: no cheap recovery). */
export function evaluateForbid(condition: ForbidCondition, ctx: EvaluationContext): ForbidResult {
  let kind = "?";
  try {
    const [k, spec] = kindOf(condition);
    kind = k;
    const fn = (FORBID_EVALUATORS as Record<string, ((s: unknown, c: EvaluationContext) => ForbidResult) | undefined>)[k];
    if (!fn) return { holds: true, reasons: [`unknown forbid condition kind "${k}"`] };
    return fn(spec, ctx);
  } catch (err) {
    return { holds: true, reasons: [`${kind}: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

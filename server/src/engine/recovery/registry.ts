import { kindOf, type RecoveryCondition, type RecoveryConditionKind } from "../../scenarios/index.js";
import { deploymentAvailable } from "./deployment-available.js";
import { fieldEquals } from "./field-equals.js";
import { fieldMatches } from "./field-matches.js";
import { httpViaProxy } from "./http-via-proxy.js";
import { ingressRoutes } from "./ingress-routes.js";
import { objectExists } from "./object-exists.js";
import { podsReady } from "./pods-ready.js";
import { pvcBound } from "./pvc-bound.js";
import { serviceHasEndpoints } from "./service-has-endpoints.js";
import type { ConditionResult, EvaluationContext } from "./snapshot.js";

/** The spec of one recovery condition kind, e.g. `SpecOf<"podsReady">`. */
type SpecOf<K extends RecoveryConditionKind> = Extract<RecoveryCondition, Record<K, unknown>>[K];
type Evaluators = { [K in RecoveryConditionKind]: (spec: SpecOf<K>, ctx: EvaluationContext) => ConditionResult };

/** One line per recovery condition kind (the scenarios schema's registry has the same keys). */
export const RECOVERY_EVALUATORS: Evaluators = {
  deploymentAvailable,
  podsReady,
  serviceHasEndpoints,
  httpViaProxy,
  objectExists,
  fieldEquals,
  fieldMatches,
  pvcBound,
  ingressRoutes,
  not: (inner, ctx) => {
    const r = evaluateCondition(inner, ctx);
    return r.ok ? { ok: false, reasons: [`expected not ${kindOf(inner)[0]}, but it holds`] } : { ok: true, reasons: [] };
  },
};

/** Evaluates one `{<kind>: spec}` condition; an unknown kind or a bad spec fails with a reason instead of throwing. */
export function evaluateCondition(condition: RecoveryCondition, ctx: EvaluationContext): ConditionResult {
  let kind = "?";
  try {
    const [k, spec] = kindOf(condition);
    kind = k;
    const fn = (RECOVERY_EVALUATORS as Record<string, ((s: unknown, c: EvaluationContext) => ConditionResult) | undefined>)[k];
    if (!fn) return { ok: false, reasons: [`unknown recovery condition kind "${k}"`] };
    return fn(spec, ctx);
  } catch (err) {
    return { ok: false, reasons: [`${kind}: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

import { kindOf, type Symptom, type SymptomKind } from "../../../scenarios/index.js";
import { deploymentCondition } from "./deployment-condition.js";
import { endpoints } from "./endpoints.js";
import { event } from "./event.js";
import { kubectl } from "./kubectl.js";
import { podStatus } from "./pod-status.js";
import { proxy } from "./proxy.js";
import { pvcPhase } from "./pvc-phase.js";
import type { SymptomChecker, SymptomContext, SymptomObservation } from "./types.js";

type SpecOf<K extends SymptomKind> = NonNullable<Extract<Symptom, Record<K, unknown>>[K]>;

/** One line per symptom kind; a kind added to the schema without a checker fails the typecheck. */
export const SYMPTOM_CHECKERS: { [K in SymptomKind]: SymptomChecker<SpecOf<K>> } = {
  podStatus,
  event,
  endpoints,
  proxy,
  kubectl,
  deploymentCondition,
  pvcPhase,
};

/** Symptom kinds that spawn kubectl on every look: checked only once the cheap ones have all been seen. */
export const EXPENSIVE_SYMPTOM_KINDS: ReadonlySet<SymptomKind> = new Set(["kubectl"]);

export function symptomKind(s: Symptom): SymptomKind {
  return kindOf(s)[0] as SymptomKind;
}

/** `podStatus {"selector":"app=frontend",…}` for messages. */
export function describeSymptom(s: Symptom): string {
  const [kind, spec] = kindOf(s);
  return `${kind} ${JSON.stringify(spec)}`;
}

export async function observeSymptom(s: Symptom, ctx: SymptomContext): Promise<SymptomObservation> {
  const [kind, spec] = kindOf(s);
  const check = SYMPTOM_CHECKERS[kind as SymptomKind] as SymptomChecker<unknown> | undefined;
  if (!check) return { ok: false, saw: `no checker for symptom kind "${kind}"` };
  try {
    return await check(spec, ctx);
  } catch (err) {
    return { ok: false, saw: `check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

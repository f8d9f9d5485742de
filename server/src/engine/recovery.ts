import { kindOf, type ForbidCondition, type Recovery, type RecoveryCondition } from "../scenarios/index.js";
import { evaluateForbid } from "./forbid/registry.js";
import { evaluateCondition } from "./recovery/registry.js";
import { proxyKey, type EvaluationContext } from "./recovery/snapshot.js";

export * from "./recovery/snapshot.js";
export { RECOVERY_EVALUATORS, evaluateCondition } from "./recovery/registry.js";
export { FORBID_EVALUATORS, evaluateForbid } from "./forbid/registry.js";
export { parseLabelSelector, labelsMatch } from "./recovery/label-selector.js";

/** The result of one evaluation of a scenario's recovery block against a namespace snapshot. */
export interface RecoveryEvaluation {
  /** Every `all` condition holds. */
  recoveryOk: boolean;
  /** No `forbid` condition holds. */
  forbidOk: boolean;
  /** Per condition, in scenario order. */
  conditions: { kind: string; ok: boolean; reasons: string[] }[];
  forbids: { kind: string; holds: boolean; reasons: string[] }[];
  /** Everything still wrong, flattened, for the team console and the debrief. */
  reasons: string[];
}

/**
 * Evaluates a (rendered) scenario's recovery block. Called by the engine whenever a watch event or a
 * proxy probe changes the snapshot, never in a polling loop. Pure: same inputs, same answer.
 */
export function evaluateRecovery(recovery: Pick<Recovery, "all" | "forbid">, ctx: EvaluationContext): RecoveryEvaluation {
  const conditions = recovery.all.map((c) => ({ kind: safeKind(c), ...evaluateCondition(c, ctx) }));
  const forbids = (recovery.forbid ?? []).map((f) => ({ kind: safeKind(f), ...evaluateForbid(f, ctx) }));
  return {
    recoveryOk: conditions.every((c) => c.ok),
    forbidOk: forbids.every((f) => !f.holds),
    conditions,
    forbids,
    reasons: [...conditions.flatMap((c) => c.reasons), ...forbids.flatMap((f) => f.reasons.map((r) => `forbidden: ${r}`))],
  };
}

/** A GET the IO layer must make through the API server's service proxy, and the key its status goes under. */
export interface ProxyCheck {
  key: string;
  service: string;
  port?: string | number;
  path: string;
}

/** Every httpViaProxy probe a recovery block needs (including inside `not`), deduplicated by key. */
export function proxyChecksFor(recovery: Pick<Recovery, "all" | "forbid">): ProxyCheck[] {
  const out = new Map<string, ProxyCheck>();
  const visit = (c: RecoveryCondition | ForbidCondition): void => {
    if ("httpViaProxy" in c && c.httpViaProxy) {
      const { service, port, path } = c.httpViaProxy;
      const key = proxyKey(service, path, port);
      out.set(key, { key, service, path, ...(port !== undefined ? { port } : {}) });
    } else if ("not" in c && c.not) visit(c.not);
  };
  recovery.all.forEach(visit);
  (recovery.forbid ?? []).forEach(visit);
  return [...out.values()];
}

function safeKind(c: object): string {
  try {
    return kindOf(c)[0];
  } catch {
    return "?";
  }
}

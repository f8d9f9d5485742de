import { readField, type FieldMatchesCondition } from "../../scenarios/index.js";
import { absence, describeTarget, fail, findObject, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The field at `path` is a string or number matching the regular expression. */
export function fieldMatches(c: FieldMatchesCondition, ctx: EvaluationContext): ConditionResult {
  const obj = findObject(ctx.snapshot, c.target.kind, c.target.name);
  if (!obj) return fail(absence(ctx.snapshot, c.target));
  const actual = readField(obj, c.path);
  const ok = (typeof actual === "string" || typeof actual === "number") && new RegExp(c.pattern).test(String(actual));
  return ok ? pass() : fail(`${describeTarget(c.target)} ${c.path} is ${JSON.stringify(actual) ?? "unset"}, expected to match /${c.pattern}/`);
}

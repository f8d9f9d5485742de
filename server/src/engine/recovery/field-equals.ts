import { isDeepStrictEqual } from "node:util";
import { readField, type FieldEqualsCondition } from "../../scenarios/index.js";
import { absence, describeTarget, fail, findObject, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The field at `path` deep-equals `value`. */
export function fieldEquals(c: FieldEqualsCondition, ctx: EvaluationContext): ConditionResult {
  const obj = findObject(ctx.snapshot, c.target.kind, c.target.name);
  if (!obj) return fail(absence(ctx.snapshot, c.target));
  const actual = readField(obj, c.path);
  return isDeepStrictEqual(actual, c.value)
    ? pass()
    : fail(`${describeTarget(c.target)} ${c.path} is ${JSON.stringify(actual) ?? "unset"}, expected ${JSON.stringify(c.value)}`);
}

import { kindOf, type ForbidCondition, type ForbidConditionKind } from "../../../scenarios/index.js";
import { imageNotIn } from "./image-not-in.js";
import { not } from "./not.js";
import { objectMissing } from "./object-missing.js";
import { replicasBelow } from "./replicas-below.js";
import { selectorChanged } from "./selector-changed.js";
import type { CheapFix, MutableSnapshot } from "./types.js";

export { NoCheapFixModel, type MutableSnapshot } from "./types.js";

type SpecOf<K extends ForbidConditionKind> = NonNullable<Extract<ForbidCondition, Record<K, unknown>>[K]>;

/** One line per forbid kind: the shortcut each one exists to reject. */
export const CHEAP_FIXES: { [K in ForbidConditionKind]: CheapFix<SpecOf<K>> } = {
  objectMissing,
  replicasBelow,
  imageNotIn,
  selectorChanged,
  not,
};

/** Applies the shortcut of `forbid` to `snapshot` (in place); returns it in kubectl words. */
export function applyCheapFix(forbid: ForbidCondition, snapshot: MutableSnapshot): string {
  const [kind, spec] = kindOf(forbid);
  const fix = CHEAP_FIXES[kind as ForbidConditionKind] as CheapFix<unknown>;
  return fix(spec, snapshot);
}

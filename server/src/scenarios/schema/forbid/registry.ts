import { z } from "zod";
import { oneKindOf, type OneKindOf } from "../common.js";
import { RecoveryCondition } from "../recovery/registry.js";
import { ObjectMissingForbid } from "./object-missing.js";
import { ReplicasBelowForbid } from "./replicas-below.js";
import { ImageNotInForbid } from "./image-not-in.js";
import { SelectorChangedForbid } from "./selector-changed.js";

/**
 * Forbid kinds, one line each. A forbid condition *holds* when the team took a cheap way out; while any
 * holds, recovery does not count. `not: <recovery condition>` reuses every recovery kind.
 */
export const FORBID_CONDITION_KINDS = {
  objectMissing: ObjectMissingForbid,
  replicasBelow: ReplicasBelowForbid,
  imageNotIn: ImageNotInForbid,
  selectorChanged: SelectorChangedForbid,
  not: RecoveryCondition,
};

export type ForbidCondition = OneKindOf<{
  [K in keyof typeof FORBID_CONDITION_KINDS]: z.output<(typeof FORBID_CONDITION_KINDS)[K]>;
}>;
export type ForbidConditionKind = keyof typeof FORBID_CONDITION_KINDS;

export const ForbidCondition = oneKindOf(FORBID_CONDITION_KINDS, "forbid condition");

import { z } from "zod";
import { oneKindOf, type OneKindOf } from "../common.js";
import { DeploymentAvailableCondition } from "./deployment-available.js";
import { PodsReadyCondition } from "./pods-ready.js";
import { ServiceHasEndpointsCondition } from "./service-has-endpoints.js";
import { HttpViaProxyCondition } from "./http-via-proxy.js";
import { ObjectExistsCondition } from "./object-exists.js";
import { FieldEqualsCondition } from "./field-equals.js";
import { FieldMatchesCondition } from "./field-matches.js";
import { PvcBoundCondition } from "./pvc-bound.js";
import { IngressRoutesCondition } from "./ingress-routes.js";

/** Recovery condition kinds, one line each. A condition is `{<kind>: spec}`. */
export const BASE_RECOVERY_CONDITION_KINDS = {
  deploymentAvailable: DeploymentAvailableCondition,
  podsReady: PodsReadyCondition,
  serviceHasEndpoints: ServiceHasEndpointsCondition,
  httpViaProxy: HttpViaProxyCondition,
  objectExists: ObjectExistsCondition,
  fieldEquals: FieldEqualsCondition,
  fieldMatches: FieldMatchesCondition,
  pvcBound: PvcBoundCondition,
  ingressRoutes: IngressRoutesCondition,
};

type BaseRecoveryConditions = {
  [K in keyof typeof BASE_RECOVERY_CONDITION_KINDS]: z.output<(typeof BASE_RECOVERY_CONDITION_KINDS)[K]>;
};
/** A recovery condition: exactly one of the kinds above, or `{not: RecoveryCondition}` (true when the inner one is false). */
export type RecoveryCondition = OneKindOf<BaseRecoveryConditions> | { not: RecoveryCondition };

/** The full registry: the base kinds plus the recursive `not` combinator. */
export const RECOVERY_CONDITION_KINDS: typeof BASE_RECOVERY_CONDITION_KINDS & { not: z.ZodType<RecoveryCondition> } = {
  ...BASE_RECOVERY_CONDITION_KINDS,
  not: z.lazy((): z.ZodType<RecoveryCondition> => RecoveryCondition),
};
export type RecoveryConditionKind = keyof typeof RECOVERY_CONDITION_KINDS;

export const RecoveryCondition: z.ZodType<RecoveryCondition> = oneKindOf(
  RECOVERY_CONDITION_KINDS,
  "recovery condition",
  "RecoveryCondition",
) as unknown as z.ZodType<RecoveryCondition>;

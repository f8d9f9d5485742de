import { oneKindOf } from "../common.js";
import { PodStatusSymptom } from "./pod-status.js";
import { EventSymptom } from "./event.js";
import { EndpointsSymptom } from "./endpoints.js";
import { ProxySymptom } from "./proxy.js";
import { KubectlSymptom } from "./kubectl.js";
import { DeploymentConditionSymptom } from "./deployment-condition.js";
import { PvcPhaseSymptom } from "./pvc-phase.js";

/** Symptom kinds, one line each. A symptom is `{<kind>: spec}`; all must be observed after the break. */
export const SYMPTOM_KINDS = {
  podStatus: PodStatusSymptom,
  event: EventSymptom,
  endpoints: EndpointsSymptom,
  proxy: ProxySymptom,
  kubectl: KubectlSymptom,
  deploymentCondition: DeploymentConditionSymptom,
  pvcPhase: PvcPhaseSymptom,
};

export const Symptom = oneKindOf(SYMPTOM_KINDS, "symptom");
export type Symptom = import("zod").output<typeof Symptom>;
export type SymptomKind = keyof typeof SYMPTOM_KINDS;

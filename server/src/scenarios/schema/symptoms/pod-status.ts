import { z } from "zod";
import { LabelSelector } from "../common.js";

/** What kubectl's STATUS column can show for a pod (a waiting/terminated reason, or the phase). */
export const POD_STATUS_REASONS = [
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "CreateContainerError",
  "ContainerCreating",
  "OOMKilled",
  "Error",
  "Completed",
  "Pending",
  "Running",
  "Terminating",
] as const;
export const PodStatusReason = z.enum(POD_STATUS_REASONS);
export type PodStatusReason = z.output<typeof PodStatusReason>;

/**
 * `podStatus: {selector, reason | anyOf, ready?}`: at least one non-terminating pod matching the selector
 * shows one of the reasons in kubectl's STATUS column (and, if `ready` is set, has that readiness).
 */
export const PodStatusSymptom = z
  .strictObject({
    selector: LabelSelector,
    reason: PodStatusReason.optional(),
    anyOf: z.array(PodStatusReason).min(1).optional(),
    ready: z.boolean().optional().meta({ description: "Also require the pod's Ready condition to be this." }),
  })
  .refine((s) => (s.reason === undefined) !== (s.anyOf === undefined), {
    message: "give exactly one of reason or anyOf",
  })
  .meta({ description: "A pod matching the selector shows one of these STATUS reasons." });
export type PodStatusSymptom = z.output<typeof PodStatusSymptom>;

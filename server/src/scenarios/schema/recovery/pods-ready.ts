import { z } from "zod";
import { LabelSelector } from "../common.js";

/**
 * `podsReady: {selector, min?, noWaitingReason?}`: every non-terminating pod matching the selector is Ready,
 * there are at least `min` (default 1) of them, and with `noWaitingReason` no container is waiting
 * (CrashLoopBackOff, ImagePullBackOff, ...).
 */
export const PodsReadyCondition = z
  .strictObject({
    selector: LabelSelector,
    min: z.int().min(1).optional(),
    noWaitingReason: z.boolean().optional(),
  })
  .meta({ description: "All matching pods are Ready (and none is waiting)." });
export type PodsReadyCondition = z.output<typeof PodsReadyCondition>;

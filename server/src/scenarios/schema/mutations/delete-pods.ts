import { z } from "zod";
import { LabelSelector } from "../common.js";

/**
 * `deletePods: {selector}`: delete every pod matching the selector, as a node drain or a routine restart
 * would. Their controllers recreate them at once from the current spec, which is how a latent problem
 * (a deleted ConfigMap, a renamed Secret key) turns into an outage.
 */
export const DeletePodsMutation = z
  .strictObject({ selector: LabelSelector })
  .meta({ description: "Delete all pods matching a label selector (controllers recreate them)." });
export type DeletePodsMutation = z.output<typeof DeletePodsMutation>;

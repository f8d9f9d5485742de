import { z } from "zod";
import { Templated } from "../common.js";

/**
 * `deploymentAvailable: {name, minReady?}`: the Deployment exists, its controller has observed the current
 * generation, the rollout is complete (updatedReplicas = replicas, no old pods left), Available is True and
 * at least `minReady` (default: spec.replicas, and never 0) replicas are ready.
 */
export const DeploymentAvailableCondition = z
  .strictObject({
    name: Templated.min(1),
    minReady: z.int().min(1).optional(),
  })
  .meta({ description: "The Deployment is available and fully rolled out." });
export type DeploymentAvailableCondition = z.output<typeof DeploymentAvailableCondition>;

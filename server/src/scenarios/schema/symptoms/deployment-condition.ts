import { z } from "zod";
import { Templated } from "../common.js";

/** `deploymentCondition: {name, type, status?, reason?}`: e.g. Progressing False ProgressDeadlineExceeded. */
export const DeploymentConditionSymptom = z
  .strictObject({
    name: Templated.min(1),
    type: z.enum(["Available", "Progressing", "ReplicaFailure"]),
    status: z.enum(["True", "False", "Unknown"]).optional(),
    reason: z.string().optional(),
  })
  .meta({ description: "The Deployment has this status condition." });
export type DeploymentConditionSymptom = z.output<typeof DeploymentConditionSymptom>;

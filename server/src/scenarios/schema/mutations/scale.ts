import { z } from "zod";
import { TargetRef } from "../common.js";

/** `scale: {target, replicas}`: set the replica count of a Deployment or StatefulSet. */
export const ScaleMutation = z
  .strictObject({ target: TargetRef, replicas: z.int().min(0) })
  .meta({ description: "Scale a Deployment or StatefulSet." });
export type ScaleMutation = z.output<typeof ScaleMutation>;

import { z } from "zod";
import { TargetRef } from "../common.js";

/** `replicasBelow: {target, replicas}`: holds while spec.replicas < `replicas` (e.g. scaled to 0 to hide the errors). */
export const ReplicasBelowForbid = z
  .strictObject({ target: TargetRef, replicas: z.int().min(1) })
  .meta({ description: "Holds when the workload is scaled below this count." });
export type ReplicasBelowForbid = z.output<typeof ReplicasBelowForbid>;

import { z } from "zod";
import { Templated } from "../common.js";

/** `pvcPhase: {name, phase}`: the PersistentVolumeClaim is in this phase. */
export const PvcPhaseSymptom = z
  .strictObject({ name: Templated.min(1), phase: z.enum(["Pending", "Bound", "Lost"]) })
  .meta({ description: "The PVC is in this phase." });
export type PvcPhaseSymptom = z.output<typeof PvcPhaseSymptom>;

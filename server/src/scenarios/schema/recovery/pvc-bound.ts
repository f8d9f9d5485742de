import { z } from "zod";
import { Templated } from "../common.js";

/** `pvcBound: {name}`: the PersistentVolumeClaim is Bound. */
export const PvcBoundCondition = z
  .strictObject({ name: Templated.min(1) })
  .meta({ description: "The PVC is Bound." });
export type PvcBoundCondition = z.output<typeof PvcBoundCondition>;

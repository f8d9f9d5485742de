import { z } from "zod";
import { TargetRef } from "../common.js";

/** `objectMissing: {target}`: holds while the object does not exist (e.g. the team deleted the Deployment). */
export const ObjectMissingForbid = z
  .strictObject({ target: TargetRef })
  .meta({ description: "Holds when the object is gone." });
export type ObjectMissingForbid = z.output<typeof ObjectMissingForbid>;

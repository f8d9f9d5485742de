import { z } from "zod";
import { TargetRef } from "../common.js";

/** `objectExists: {target}`: the object exists and is not being deleted. */
export const ObjectExistsCondition = z
  .strictObject({ target: TargetRef })
  .meta({ description: "The object exists (and has no deletionTimestamp)." });
export type ObjectExistsCondition = z.output<typeof ObjectExistsCondition>;

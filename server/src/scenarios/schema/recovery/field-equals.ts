import { z } from "zod";
import { TargetRef } from "../common.js";
import { FieldPath } from "../field-path.js";

/** `fieldEquals: {target, path, value}`: the field at `path` deep-equals `value` (strings are templated). */
export const FieldEqualsCondition = z
  .strictObject({ target: TargetRef, path: FieldPath, value: z.unknown() })
  .meta({ description: "A field of the object equals a value." });
export type FieldEqualsCondition = z.output<typeof FieldEqualsCondition>;

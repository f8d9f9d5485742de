import { z } from "zod";
import { TargetRef } from "../common.js";
import { FieldPath } from "../field-path.js";

/** `fieldMatches: {target, path, pattern}`: the field at `path` is a string (or number) matching the regex. */
export const FieldMatchesCondition = z
  .strictObject({
    target: TargetRef,
    path: FieldPath,
    pattern: z.string().refine(isValidRegex, { message: "not a valid regular expression" }),
  })
  .meta({ description: "A field of the object matches a regular expression." });
export type FieldMatchesCondition = z.output<typeof FieldMatchesCondition>;

function isValidRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

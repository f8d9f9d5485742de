import { z } from "zod";
import { AnyObject, TargetRef } from "../common.js";

/** A JSON Patch operation (RFC 6902), as `kubectl patch --type=json` takes them. */
export const JsonPatchOp = z.strictObject({
  op: z.enum(["add", "remove", "replace", "move", "copy", "test"]),
  path: z.string().startsWith("/"),
  value: z.unknown().optional(),
  from: z.string().optional(),
});

/** `patch: {target, type, patch}`: strategic-merge, merge or JSON patch of one object. */
export const PatchMutation = z
  .strictObject({
    target: TargetRef,
    type: z.enum(["strategic", "merge", "json"]).default("strategic"),
    patch: z.union([AnyObject, z.array(JsonPatchOp)]),
  })
  .superRefine((m, ctx) => {
    const isArray = Array.isArray(m.patch);
    if (m.type === "json" && !isArray) {
      ctx.addIssue({ code: "custom", path: ["patch"], message: "a json patch is a list of operations" });
    }
    if (m.type !== "json" && isArray) {
      ctx.addIssue({ code: "custom", path: ["patch"], message: `a ${m.type} patch is an object, not a list` });
    }
  })
  .meta({ description: "Patch one object (type strategic | merge | json)." });
export type PatchMutation = z.output<typeof PatchMutation>;

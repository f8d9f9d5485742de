import { z } from "zod";
import { TargetRef } from "../common.js";

/** `delete: {target, wait?}`: delete one object; `wait` (default true) waits until it is gone, like kubectl. */
export const DeleteMutation = z
  .strictObject({
    target: TargetRef,
    wait: z
      .boolean()
      .default(true)
      .meta({ description: "Wait until the object is really gone (finalizers) before the next mutation." }),
  })
  .meta({ description: "Delete one object." });
export type DeleteMutation = z.output<typeof DeleteMutation>;

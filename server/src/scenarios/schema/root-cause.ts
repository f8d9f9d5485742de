import { z } from "zod";
import { KebabId } from "./common.js";

export const RootCauseOption = z.strictObject({
  id: KebabId,
  text: z.string().min(1),
  correct: z.literal(true).optional(),
});
export type RootCauseOption = z.output<typeof RootCauseOption>;

/** `rootCause: {question, options}`: the team's optional declaration; exactly one option is correct. */
export const RootCause = z
  .strictObject({
    question: z.string().min(1),
    options: z.array(RootCauseOption).min(2),
  })
  .superRefine((rc, ctx) => {
    const correct = rc.options.filter((o) => o.correct).length;
    if (correct !== 1) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `exactly one option must be correct, found ${correct}` });
    }
    const seen = new Set<string>();
    rc.options.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: "custom", path: ["options", i, "id"], message: `duplicate option id "${o.id}"` });
      seen.add(o.id);
    });
  })
  .meta({ description: "Multiple-choice root-cause question; exactly one option has correct: true." });
export type RootCause = z.output<typeof RootCause>;

import { z } from "zod";

/** `{int: {min, max}}`: an integer in [min, max], both inclusive. */
export const IntParam = z
  .strictObject({
    int: z
      .strictObject({ min: z.int(), max: z.int() })
      .refine((r) => r.min <= r.max, { message: "min must be <= max" }),
  })
  .meta({ description: "An integer in [min, max], inclusive." });
export type IntParam = z.output<typeof IntParam>;

import { z } from "zod";

/** `{oneOf: [a, b, c]}`: one of the listed values, picked per team. */
export const OneOfParam = z
  .strictObject({ oneOf: z.array(z.union([z.string(), z.number()])).min(1) })
  .meta({ description: "Pick one of the listed values per team." });
export type OneOfParam = z.output<typeof OneOfParam>;

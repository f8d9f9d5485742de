import { z } from "zod";
import { Duration } from "./common.js";

/** `hints[]: {text, cost, unlockAfter}`: a hint a team may buy for `cost` points once `unlockAfter` has passed since injection. */
export const Hint = z
  .strictObject({
    text: z.string().min(1),
    cost: z.int().min(0).meta({ description: "Points deducted when the team reveals it." }),
    unlockAfter: Duration,
  })
  .meta({ description: "A purchasable hint." });
export type Hint = z.output<typeof Hint>;

import { z } from "zod";
import { Duration } from "./common.js";
import { RecoveryCondition } from "./recovery/registry.js";
import { ForbidCondition } from "./forbid/registry.js";

/**
 * `recovery: {all, sustainFor, forbid}`: recovered when every `all` condition holds continuously for
 * `sustainFor` while no `forbid` condition holds. Write conditions about health, not about one exact fix.
 */
export const Recovery = z
  .strictObject({
    all: z.array(RecoveryCondition).min(1),
    sustainFor: Duration,
    forbid: z.array(ForbidCondition).default([]),
  })
  .meta({ description: "Health conditions that must hold for sustainFor, and cheap fixes that are rejected." });
export type Recovery = z.output<typeof Recovery>;

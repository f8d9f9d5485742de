import { z } from "zod";
import { Templated, TargetRef } from "../common.js";

/**
 * `selectorChanged: {target, selector}`: holds while the target's selector (Service `spec.selector`,
 * workload `spec.selector.matchLabels`) differs from `selector` — e.g. the team relabelled the pods or
 * pointed the Service at something else instead of fixing what broke.
 */
export const SelectorChangedForbid = z
  .strictObject({ target: TargetRef, selector: z.record(z.string(), Templated) })
  .meta({ description: "Holds when the selector is not the expected one." });
export type SelectorChangedForbid = z.output<typeof SelectorChangedForbid>;

import { z } from "zod";
import { OneOfParam } from "./one-of.js";
import { RandomStringParam } from "./random-string.js";
import { IntParam } from "./int.js";

/**
 * Param generators, one line each. The generator is recognised by its key (`oneOf`, `randomString`,
 * `int`); each file owns its shape and params.ts owns the drawing.
 */
export const PARAM_GENERATORS = {
  oneOf: OneOfParam,
  randomString: RandomStringParam,
  int: IntParam,
} as const;

export const ParamGenerator = z.union([OneOfParam, RandomStringParam, IntParam]).meta({
  description: "A per-team value generator: {oneOf}, {randomString, prefix?, suffix?} or {int}.",
});
export type ParamGenerator = z.output<typeof ParamGenerator>;

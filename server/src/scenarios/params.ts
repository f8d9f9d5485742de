import { KUBE_NAME_ALPHABET, randomString, seededRandom, type RandomSource } from "../core/ids.js";
import type { ParamGenerator } from "./schema/params/registry.js";
import type { Scenario } from "./schema/scenario.js";

/** Drawn per-team values, by param name. */
export type ParamValues = Record<string, string | number>;

export interface DrawParamsOptions {
  /** The game's seed: the same seed gives every team the same values again (replays, restarts). */
  seed: number | string;
  teamId: string;
}

/**
 * Draws a scenario's params for one team. Pure and deterministic: each param has its own random stream
 * keyed by (game seed, team id, scenario id, param name), so adding a param never shifts the others and
 * different teams get different values.
 */
export function drawParams(scenario: Pick<Scenario, "id" | "params">, opts: DrawParamsOptions): ParamValues {
  const out: ParamValues = {};
  for (const [name, gen] of Object.entries(scenario.params ?? {})) {
    const random = seededRandom(`${opts.seed}\u0000${opts.teamId}\u0000${scenario.id}\u0000${name}`);
    out[name] = drawOne(gen, random);
  }
  return out;
}

/** Draws one value from one generator. */
export function drawOne(gen: ParamGenerator, random: RandomSource): string | number {
  if ("oneOf" in gen) return gen.oneOf[Math.floor(random() * gen.oneOf.length)]!;
  if ("randomString" in gen) {
    const body = randomString(gen.randomString.length, gen.randomString.alphabet ?? KUBE_NAME_ALPHABET, random);
    return `${gen.prefix ?? ""}${body}${gen.suffix ?? ""}`;
  }
  const { min, max } = gen.int;
  return min + Math.floor(random() * (max - min + 1));
}

/** Placeholder values used to check templates at load time (no randomness). */
export function dummyParams(scenario: Pick<Scenario, "params">): ParamValues {
  const out: ParamValues = {};
  for (const [name, gen] of Object.entries(scenario.params ?? {})) {
    if ("oneOf" in gen) out[name] = gen.oneOf[0]!;
    else if ("int" in gen) out[name] = gen.int.min;
    else out[name] = `${gen.prefix ?? ""}${"x".repeat(gen.randomString.length)}${gen.suffix ?? ""}`;
  }
  return out;
}

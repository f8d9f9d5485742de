import { z } from "zod";
import { Pack } from "./schema/pack.js";
import { Scenario } from "./schema/scenario.js";

/** JSON Schema files generated from the zod schema, relative to the repo root. */
export const SCENARIO_JSON_SCHEMA_FILE = "scenarios/schema.json";
export const PACK_JSON_SCHEMA_FILE = "scenarios/packs/schema.json";

/** JSON Schema of what authors write (input side: fields with defaults are optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }), $id: "https://firedrill.dev/schemas/scenario.json" };
}

export function packJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(Pack, { io: "input", unrepresentable: "any" }), $id: "https://firedrill.dev/schemas/pack.json" };
}

/** The exact text committed for a schema: 2-space JSON with a trailing newline. */
export function jsonSchemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

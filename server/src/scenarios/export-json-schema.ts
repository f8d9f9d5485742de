/**
 * Writes scenarios/schema.json and scenarios/packs/schema.json from the zod schema.
 * Run from the repo root: `npx tsx server/src/scenarios/export-json-schema.ts`.
 * A unit test fails when the committed files are stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  PACK_JSON_SCHEMA_FILE,
  SCENARIO_JSON_SCHEMA_FILE,
  jsonSchemaText,
  packJsonSchema,
  scenarioJsonSchema,
} from "./json-schema.js";

for (const [file, schema] of [
  [SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchema()],
  [PACK_JSON_SCHEMA_FILE, packJsonSchema()],
] as const) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, jsonSchemaText(schema));
  console.log(`wrote ${file}`);
}

import { parse as parseYaml } from "yaml";
import type { ApplyMutation } from "./schema/mutations/apply.js";

/** The object an `apply` mutation creates: its manifest parsed if it was given as YAML text. */
export function manifestObject(manifest: ApplyMutation["manifest"]): Record<string, unknown> {
  const obj = typeof manifest === "string" ? (parseYaml(manifest) as unknown) : manifest;
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new Error("apply manifest is not a single object");
  return obj as Record<string, unknown>;
}

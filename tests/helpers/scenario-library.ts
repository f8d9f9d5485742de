/**
 * A scenario library for tests: real scenarios from scenarios/, copied into a temp dir with shorter time
 * limits and sustain windows so a whole incident fits in seconds of wall time (game time is wall-clock).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";

export const REPO_SCENARIOS = resolve(import.meta.dirname, "../../scenarios");

export interface ScenarioOverride {
  timeLimit?: string;
  sustainFor?: string;
  /** Replaces hint unlock times, so hint tests need not wait. */
  hintUnlockAfter?: string;
}

export function makeScenarioLibrary(scenarios: Record<string, ScenarioOverride>, packs: Record<string, unknown> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "firedrill-scenarios-"));
  cpSync(join(REPO_SCENARIOS, "apps"), join(root, "apps"), { recursive: true });
  cpSync(join(REPO_SCENARIOS, "images.yaml"), join(root, "images.yaml"));
  mkdirSync(join(root, "packs"));
  for (const [id, o] of Object.entries(scenarios)) {
    const dir = join(root, id);
    cpSync(join(REPO_SCENARIOS, id), dir, { recursive: true });
    const file = join(dir, "scenario.yaml");
    const doc = parseDocument(readFileSync(file, "utf8"));
    if (o.timeLimit) doc.set("timeLimit", o.timeLimit);
    if (o.sustainFor) doc.setIn(["recovery", "sustainFor"], o.sustainFor);
    if (o.hintUnlockAfter) {
      const hints = doc.get("hints") as { items: unknown[] } | undefined;
      hints?.items.forEach((_, i) => doc.setIn(["hints", i, "unlockAfter"], o.hintUnlockAfter));
    }
    writeFileSync(file, doc.toString());
  }
  for (const [id, pack] of Object.entries(packs)) {
    writeFileSync(join(root, "packs", `${id}.yaml`), JSON.stringify({ id, ...(pack as object) }, null, 2));
  }
  return root;
}

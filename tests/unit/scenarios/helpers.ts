import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The fixture library: one minimal valid scenario and one pack. */
export const FIXTURE_LIBRARY = "tests/fixtures/scenarios/library";
export const MINIMAL_SCENARIO_FILE = join(FIXTURE_LIBRARY, "minimal-scenario", "scenario.yaml");

export function minimalScenarioText(): string {
  return readFileSync(MINIMAL_SCENARIO_FILE, "utf8");
}

/** Replaces exactly one occurrence of `from` (fails loudly if the fixture changed). */
export function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`fixture edit: "${from}" must occur exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** A writable copy of the fixture library in a temp dir; `cleanup()` removes it. */
export function copyFixtureLibrary(): { root: string; write(rel: string, text: string): void; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), "fd-scenarios-"));
  cpSync(FIXTURE_LIBRARY, root, { recursive: true });
  return {
    root,
    write: (rel, text) => writeFileSync(join(root, rel), text),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

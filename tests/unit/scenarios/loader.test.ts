import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ScenarioError,
  formatProblem,
  loadPack,
  loadScenario,
  loadScenarioLibrary,
  validateLibrary,
} from "../../../server/src/scenarios/index.js";
import { FIXTURE_LIBRARY, copyFixtureLibrary, edit, minimalScenarioText } from "./helpers.js";

let lib: ReturnType<typeof copyFixtureLibrary>;
beforeEach(() => {
  lib = copyFixtureLibrary();
});
afterEach(() => lib.cleanup());

/** Problems of a validated copy, with the temp root replaced by "<root>". */
function problems(): string[] {
  return validateLibrary(lib.root).problems.map((p) => formatProblem(p).replaceAll(lib.root, "<root>"));
}

describe("loadScenario / loadScenarioLibrary", () => {
  it("loads the fixture library: scenario, debrief and pack", () => {
    const l = loadScenarioLibrary(FIXTURE_LIBRARY);
    expect([...l.scenarios.keys()]).toEqual(["minimal-scenario"]);
    expect([...l.packs.keys()]).toEqual(["minimal-pack"]);
    const s = l.scenarios.get("minimal-scenario")!;
    expect(s.debriefMarkdown).toContain("## How to prevent it");
    expect(s.file).toBe(join(FIXTURE_LIBRARY, "minimal-scenario", "scenario.yaml"));
    expect(s.spec.recovery.forbid).toHaveLength(1);
  });

  it("throws a ScenarioError naming file, line and field path", () => {
    lib.write("minimal-scenario/scenario.yaml", edit(minimalScenarioText(), "selector: app=frontend, noWaitingReason", "selector: 7, noWaitingReason"));
    let err: unknown;
    try {
      loadScenario(join(lib.root, "minimal-scenario"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toBe(
      `${join(lib.root, "minimal-scenario", "scenario.yaml")}:45: recovery.all[1].podsReady.selector: expected string, received number`,
    );
  });

  it.each([
    [
      "unknown field",
      () => lib.write("minimal-scenario/scenario.yaml", edit(minimalScenarioText(), "hints:", "hintz: []\nhints:")),
      [
        "<root>/minimal-scenario/scenario.yaml:49: hintz: unknown field",
        '<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: scenario "minimal-scenario" is invalid (see its problems)',
      ],
    ],
    [
      "folder name different from id",
      () => renameSync(join(lib.root, "minimal-scenario"), join(lib.root, "other-name")),
      ['<root>/other-name/scenario.yaml:1: id: id "minimal-scenario" must equal its folder name "other-name"', '<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: unknown scenario "minimal-scenario"'],
    ],
    [
      "missing debrief",
      () => rmSync(join(lib.root, "minimal-scenario", "debrief.md")),
      ["<root>/minimal-scenario/debrief.md: missing debrief.md", '<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: scenario "minimal-scenario" is invalid (see its problems)'],
    ],
    [
      "debrief missing a section",
      () => lib.write("minimal-scenario/debrief.md", "# D\n\n## What happened\n\n" + "x".repeat(100) + "\n"),
      [
        '<root>/minimal-scenario/debrief.md: missing section "## How Kubernetes behaved"',
        '<root>/minimal-scenario/debrief.md: missing section "## The mental model"',
        '<root>/minimal-scenario/debrief.md: missing section "## A real-world incident"',
        '<root>/minimal-scenario/debrief.md: missing section "## Commands that found it"',
        '<root>/minimal-scenario/debrief.md: missing section "## How to prevent it"',
        '<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: scenario "minimal-scenario" is invalid (see its problems)',
      ],
    ],
    [
      "debrief with an empty section",
      () =>
        lib.write(
          "minimal-scenario/debrief.md",
          ["What happened", "How Kubernetes behaved", "The mental model", "A real-world incident", "Commands that found it", "How to prevent it"]
            .map((h) => `## ${h}\n\n${h === "The mental model" ? "TODO" : "y".repeat(90)}\n`)
            .join("\n"),
        ),
      [
        '<root>/minimal-scenario/debrief.md:9: section "## The mental model" is too short (4 < 80 characters)',
        '<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: scenario "minimal-scenario" is invalid (see its problems)',
      ],
    ],
    [
      "pack referencing a missing scenario",
      () => lib.write("packs/minimal-pack.yaml", "id: minimal-pack\ntitle: T\ndescription: D\nduration: 10m\napp: taskmaster\ntimeline:\n  - { scenario: minimal-scenario, at: 1m }\n  - { scenario: no-such-thing, at: 2m }\n"),
      ['<root>/packs/minimal-pack.yaml:8: timeline[1].scenario: unknown scenario "no-such-thing"'],
    ],
    [
      "pack on another app",
      () => lib.write("packs/minimal-pack.yaml", "id: minimal-pack\ntitle: T\ndescription: D\nduration: 10m\napp: other-app\ntimeline:\n  - { scenario: minimal-scenario, at: 1m }\n"),
      ['<root>/packs/minimal-pack.yaml:7: timeline[0].scenario: scenario "minimal-scenario" runs on app "taskmaster", the pack on "other-app"'],
    ],
    [
      "pack id different from file name",
      () => lib.write("packs/minimal-pack.yaml", "id: other\ntitle: T\ndescription: D\nduration: 10m\napp: taskmaster\ntimeline:\n  - { scenario: minimal-scenario, at: 1m }\n"),
      ['<root>/packs/minimal-pack.yaml:1: id: id "other" must equal the file name "minimal-pack"'],
    ],
    [
      "a folder without scenario.yaml",
      () => mkdirSync(join(lib.root, "half-done")),
      ["<root>/half-done: no scenario.yaml in scenario folder"],
    ],
  ])("reports %s", (_, mutate, expected) => {
    mutate();
    expect(problems()).toEqual(expected);
  });

  it("reports every problem of the library at once, not only the first", () => {
    lib.write("minimal-scenario/scenario.yaml", edit(edit(minimalScenarioText(), "points: 10", "points: ten"), "timeLimit: 5m", "timeLimit: soon"));
    expect(problems()).toHaveLength(3); // two fields + the pack that now references an invalid scenario
  });

  it("loadPack without known scenarios checks the schema only", () => {
    expect(loadPack(join(FIXTURE_LIBRARY, "packs", "minimal-pack.yaml")).spec.timeline[0]!.at).toBe("1m");
  });

  it("reports a missing root folder", () => {
    expect(validateLibrary(join(lib.root, "nope")).problems.map((p) => p.message)).toEqual(["scenarios folder not found"]);
  });
});

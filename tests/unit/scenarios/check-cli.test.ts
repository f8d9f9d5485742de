import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CHECK_SEED, EXIT_FAILED, EXIT_OK, parseArgs, runStaticPhase } from "../../../server/src/scenarios/check-cli.js";
import { FIXTURE_LIBRARY, copyFixtureLibrary, edit, minimalScenarioText } from "./helpers.js";

/** The static phase as the CLI (server/src/tools/scenarios-check/cli.ts) runs it with --static-only. */
function run(argv: string[]): { code: number; out: string } {
  const lines: string[] = [];
  const r = runStaticPhase(parseArgs(argv), (s: string) => lines.push(s));
  return { code: r.failed ? EXIT_FAILED : EXIT_OK, out: lines.join("\n") };
}

describe("scenarios:check static phase", () => {
  let lib: ReturnType<typeof copyFixtureLibrary>;
  beforeEach(() => {
    lib = copyFixtureLibrary();
  });
  afterEach(() => lib.cleanup());

  it("parses its arguments", () => {
    expect(parseArgs(["--static-only", "--root", "x", "a", "b"])).toEqual({ root: "x", staticOnly: true, ids: ["a", "b"], seed: DEFAULT_CHECK_SEED, verbose: false });
    expect(parseArgs(["--root=y", "--seed", "s1", "-v"])).toEqual({ root: "y", staticOnly: false, ids: [], seed: "s1", verbose: true });
    expect(() => parseArgs(["--live"])).toThrow("unknown option --live");
  });

  it("passes a valid library with a table", () => {
    const r = run(["--static-only", "--root", FIXTURE_LIBRARY]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/minimal-scenario\s+pass\s+1\/1/);
    expect(r.out).toContain("static: 1 passed, 0 failed");
  });

  it("fails (exit 1) and prints the problem when a scenario is broken", () => {
    lib.write("minimal-scenario/scenario.yaml", edit(minimalScenarioText(), "points: 10", "points: -1"));
    const r = run(["--static-only", "--root", lib.root]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toMatch(/minimal-scenario\s+FAIL/);
    expect(r.out).toContain("scenario.yaml:4: points: Too small: expected number to be >=0");
  });

  it("checks only the ids given, and fails on an unknown id", () => {
    expect(run(["--static-only", "--root", FIXTURE_LIBRARY, "minimal-scenario"]).code).toBe(EXIT_OK);
    const r = run(["--static-only", "--root", FIXTURE_LIBRARY, "nope"]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.out).toContain('no scenario "nope"');
  });
});

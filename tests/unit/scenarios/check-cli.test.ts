import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FAILED, EXIT_LIVE_NOT_WIRED, EXIT_OK, main, parseArgs } from "../../../server/src/scenarios/check-cli.js";
import { LiveCheckNotWiredError, runLiveCheck } from "../../../server/src/scenarios/check/live-check.js";
import { loadScenario } from "../../../server/src/scenarios/index.js";
import { FIXTURE_LIBRARY, copyFixtureLibrary, edit, minimalScenarioText } from "./helpers.js";

function run(argv: string[]): { code: number; out: string } {
  const lines: string[] = [];
  const code = main(argv, (s) => lines.push(s));
  return { code, out: lines.join("\n") };
}

describe("scenarios:check CLI", () => {
  let lib: ReturnType<typeof copyFixtureLibrary>;
  beforeEach(() => {
    lib = copyFixtureLibrary();
  });
  afterEach(() => lib.cleanup());

  it("parses its arguments", () => {
    expect(parseArgs(["--static-only", "--root", "x", "a", "b"])).toEqual({ root: "x", staticOnly: true, ids: ["a", "b"] });
    expect(parseArgs(["--root=y"])).toEqual({ root: "y", staticOnly: false, ids: [] });
    expect(() => parseArgs(["--live"])).toThrow("unknown option --live");
  });

  it("--static-only: passes a valid library with a table and exit 0", () => {
    const r = run(["--static-only", "--root", FIXTURE_LIBRARY]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/minimal-scenario\s+pass\s+1\/1\s+not run/);
    expect(r.out).toContain("live: skipped (--static-only)");
  });

  it("without --static-only: says the live phase did not run and exits non-zero", () => {
    const r = run(["--root", FIXTURE_LIBRARY]);
    expect(r.code).toBe(EXIT_LIVE_NOT_WIRED);
    expect(r.out).toContain("live: NOT RUN");
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

  it("the live phase refuses to pretend it ran", async () => {
    const s = loadScenario(`${FIXTURE_LIBRARY}/minimal-scenario`);
    await expect(runLiveCheck(s, { kubeconfigPath: "/dev/null" })).rejects.toBeInstanceOf(LiveCheckNotWiredError);
  });
});

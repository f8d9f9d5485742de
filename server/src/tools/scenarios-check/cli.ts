/**
 * `npm run scenarios:check [--static-only] [--root DIR] [--seed S] [--verbose] [id…]`
 *
 * Phase 1 (static): load and validate every scenario and pack, render each for two teams.
 * Phase 2 (live): each scenario in a fresh namespace of one simulated cluster on a fake clock —
 * baseline → break → symptoms → not recovered → forbid shortcuts rejected → solution via real kubectl →
 * recovered within timeLimit → reset. Prints a pass/fail table with per-step timings; exit 1 on any failure.
 */
import { pathToFileURL } from "node:url";
import { EXIT_FAILED, EXIT_OK, parseArgs, runStaticPhase, type CheckCliOptions } from "../../scenarios/check-cli.js";
import type { LiveCheckResult } from "../../scenarios/check/live-check.js";
import type { LoadedScenario } from "../../scenarios/index.js";
import { startHarness } from "./harness.js";
import { runLiveCheck } from "./live-check.js";
import { formatLiveDetails, formatLiveFailures, formatLiveTable } from "./report.js";

export { EXIT_FAILED, EXIT_OK };

/** Runs the CLI; returns the exit code (so tests can call it without spawning). */
export async function main(argv: readonly string[], out: (s: string) => void = console.log): Promise<number> {
  let opts: CheckCliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    out((e as Error).message);
    return EXIT_FAILED;
  }
  const statics = runStaticPhase(opts, out);
  if (statics.failed) {
    out("live: not run (fix the static problems first)");
    return EXIT_FAILED;
  }
  if (opts.staticOnly) {
    out("live: skipped (--static-only)");
    return EXIT_OK;
  }
  const scenarios = statics.rows.map((r) => statics.validation.scenarios.get(r.id)).filter((s): s is LoadedScenario => s !== undefined);
  out(`\nlive: ${scenarios.length} scenario(s) in one simulated cluster (fake clock)…`);
  const results = await runLivePhase(opts, scenarios, (r) => {
    out(progressLine(r));
    if (opts.verbose) out(formatLiveDetails(r));
  });
  out("");
  out(formatLiveTable(results));
  const failures = formatLiveFailures(results);
  if (failures) out(`\n${failures}`);
  const failed = results.filter((r) => !r.ok).length;
  out(`\nlive: ${results.length - failed} passed, ${failed} failed (seed "${opts.seed}")`);
  return failed ? EXIT_FAILED : EXIT_OK;
}

/** Starts one sim, checks the scenarios one after another (the fake clock is shared), stops the sim. */
export async function runLivePhase(
  opts: Pick<CheckCliOptions, "root" | "seed">,
  scenarios: readonly LoadedScenario[],
  onResult: (r: LiveCheckResult) => void = () => {},
): Promise<LiveCheckResult[]> {
  const harness = await startHarness({ scenariosRoot: opts.root });
  const results: LiveCheckResult[] = [];
  try {
    for (const loaded of scenarios) {
      const r = await runLiveCheck(loaded, harness, { seed: opts.seed });
      results.push(r);
      onResult(r);
    }
  } finally {
    await harness.close();
  }
  return results;
}

function progressLine(r: LiveCheckResult): string {
  return `${r.ok ? "✓" : "✗"} ${r.id} (${(r.ms / 1000).toFixed(1)}s)`;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(EXIT_FAILED);
    },
  );
}

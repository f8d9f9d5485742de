/** The live phase's pass/fail table and failure details (pure formatting). */
import { LIVE_CHECK_STEPS, type LiveCheckResult, type LiveCheckStep } from "../../scenarios/check/live-check.js";

const SHORT: Record<string, string> = {
  baseline: "baseline",
  break: "break",
  symptoms: "symptoms",
  "not-recovered": "not-rec",
  forbid: "forbid",
  solution: "solution",
  recovered: "recovered",
  reset: "reset",
};

/** `ok 0.42s`, `FAIL 3.1s`, `-`. */
export function stepCell(s: LiveCheckStep | undefined): string {
  if (!s || s.outcome === "skipped") return "-";
  return `${s.outcome === "pass" ? "ok" : "FAIL"} ${(s.ms / 1000).toFixed(2)}s`;
}

function simTime(ms: number | undefined): string {
  if (ms === undefined) return "-";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** One row per scenario: result, wall time per step, total wall time, simulated time from break to recovery. */
export function formatLiveTable(results: readonly LiveCheckResult[]): string {
  const header = ["SCENARIO", "LIVE", ...LIVE_CHECK_STEPS.map((n) => SHORT[n] ?? n), "TOTAL", "SIM-RECOVERY"];
  const rows = results.map((r) => [
    r.id,
    r.ok ? "pass" : "FAIL",
    ...LIVE_CHECK_STEPS.map((n) => stepCell(r.steps.find((s) => s.name === n))),
    `${(r.ms / 1000).toFixed(2)}s`,
    simTime(r.recoveredAfterMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const total = results.reduce((a, r) => a + r.ms, 0);
  return [line(header), ...rows.map(line), `(wall-clock seconds per step; SIM-RECOVERY = simulated time from break to sustained recovery; total ${(total / 1000).toFixed(1)}s)`].join("\n");
}

/** Every failed step with its message, indented. Empty when all passed. */
export function formatLiveFailures(results: readonly LiveCheckResult[]): string {
  const blocks: string[] = [];
  for (const r of results.filter((x) => !x.ok)) {
    const failed = r.steps.filter((s) => s.outcome === "fail");
    blocks.push(`✗ ${r.id} (${r.namespace})\n${failed.map((s) => `  ${s.name}: ${s.detail.split("\n").join("\n    ")}`).join("\n")}`);
  }
  return blocks.join("\n\n");
}

/** Every step's detail for one scenario (verbose output and test failure messages). */
export function formatLiveDetails(r: LiveCheckResult): string {
  return r.steps.map((s) => `  [${s.outcome}] ${s.name} (${(s.ms / 1000).toFixed(2)}s, sim ${(s.simMs / 1000).toFixed(0)}s): ${s.detail.split("\n").join("\n      ")}`).join("\n");
}

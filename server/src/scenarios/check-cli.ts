/**
 * The static phase of `npm run scenarios:check [--static-only] [--root DIR] [--seed S] [id…]`: load and
 * validate every scenario and pack, render each scenario for two teams. The command itself lives in
 * server/src/tools/scenarios-check/cli.ts, because the live phase (sim + kube/ + engine) cannot be
 * imported from scenarios/; this module is the part of it that needs nothing but scenarios/.
 */
import { validateLibrary, DEFAULT_SCENARIOS_ROOT, type LibraryValidation } from "./loader.js";
import { packProblems, staticCheck, type StaticCheckRow } from "./check/static-check.js";

/** Exit codes: 0 all passed, 1 a check failed (or bad arguments). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
/** Seed the live phase draws per-team params with, unless --seed says otherwise: fixed, so runs repeat. */
export const DEFAULT_CHECK_SEED = "scenarios-check";

export interface CheckCliOptions {
  root: string;
  staticOnly: boolean;
  ids: string[];
  seed: string;
  /** Print every live step's detail, not only failures. */
  verbose: boolean;
}

export function parseArgs(argv: readonly string[]): CheckCliOptions {
  const opts: CheckCliOptions = { root: DEFAULT_SCENARIOS_ROOT, staticOnly: false, ids: [], seed: DEFAULT_CHECK_SEED, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--static-only") opts.staticOnly = true;
    else if (a === "--root") opts.root = argv[++i] ?? opts.root;
    else if (a.startsWith("--root=")) opts.root = a.slice("--root=".length);
    else if (a === "--verbose" || a === "-v") opts.verbose = true;
    else if (a === "--seed") opts.seed = argv[++i] ?? opts.seed;
    else if (a.startsWith("--seed=")) opts.seed = a.slice("--seed=".length);
    else if (a.startsWith("-")) throw new Error(`unknown option ${a} (use --static-only, --root DIR, --seed S, --verbose)`);
    else opts.ids.push(a);
  }
  return opts;
}

/** Renders the static pass/fail table (plain text, fixed-width columns). */
export function formatTable(rows: readonly StaticCheckRow[]): string {
  const idWidth = Math.max(8, ...rows.map((r) => r.id.length));
  const lines = [`${"SCENARIO".padEnd(idWidth)}  STATIC  PARAMS`];
  for (const r of rows) {
    const params = r.paramCount === 0 ? "-" : `${r.paramsDiffering.length}/${r.paramCount}`;
    lines.push(`${r.id.padEnd(idWidth)}  ${(r.ok ? "pass" : "FAIL").padEnd(6)}  ${params}`);
  }
  return lines.join("\n");
}

export interface StaticPhaseResult {
  validation: LibraryValidation;
  rows: StaticCheckRow[];
  /** Scenarios that failed, plus one if the packs have problems. */
  failed: number;
}

/** Runs and prints the static phase. */
export function runStaticPhase(opts: Pick<CheckCliOptions, "root" | "ids">, out: (s: string) => void = console.log): StaticPhaseResult {
  const validation = validateLibrary(opts.root);
  const rows = staticCheck(validation, opts.ids);
  const packs = opts.ids.length ? [] : packProblems(validation);
  out(formatTable(rows));
  out("PARAMS = params whose values differ between two teams / params declared");
  for (const r of rows.filter((x) => !x.ok)) {
    out(`\n✗ ${r.id}`);
    for (const p of r.problems) out(`  ${p}`);
  }
  if (packs.length) {
    out("\n✗ packs");
    for (const p of packs) out(`  ${p}`);
  }
  const failedRows = rows.filter((r) => !r.ok).length;
  out(`\nstatic: ${rows.length - failedRows} passed, ${failedRows} failed` +
    (opts.ids.length ? "" : `; packs: ${validation.packs.size} loaded${packs.length ? `, ${packs.length} problems` : ""}`));
  return { validation, rows, failed: failedRows + (packs.length ? 1 : 0) };
}

import { splitCommandLine } from "../command-line.js";
import { formatProblem } from "../errors.js";
import type { LibraryValidation, LoadedScenario } from "../loader.js";
import { manifestObject } from "../manifest.js";
import { drawParams } from "../params.js";
import type { Scenario } from "../schema/scenario.js";
import { renderScenario } from "../template.js";

/** Seed the static check draws params with: fixed, so its output is reproducible. */
export const STATIC_CHECK_SEED = "scenarios-check";
/** Two teams, so that per-team rendering is exercised twice with different values. */
export const STATIC_CHECK_TEAMS = ["team-a", "team-b"] as const;

export interface StaticCheckRow {
  id: string;
  ok: boolean;
  /** Human-readable problems (empty when ok). */
  problems: string[];
  /** Names of params whose values differ between the two teams. */
  paramsDiffering: string[];
  paramCount: number;
}

/** Static checks per scenario: it loaded and validated, and renders for two teams with valid manifests and commands. */
export function staticCheck(validation: LibraryValidation, only?: readonly string[]): StaticCheckRow[] {
  const rows: StaticCheckRow[] = [];
  const wanted = only && only.length ? new Set(only) : undefined;
  const byFolder = new Map<string, string[]>();
  for (const p of validation.problems) {
    const id = folderOf(p.file);
    byFolder.set(id, [...(byFolder.get(id) ?? []), formatProblem(p)]);
  }
  const ids = new Set([...validation.scenarios.keys(), ...[...byFolder.keys()].filter((k) => k !== "packs")]);
  for (const id of [...ids].sort()) {
    if (wanted && !wanted.has(id)) continue;
    const loaded = validation.scenarios.get(id);
    const problems = [...(byFolder.get(id) ?? [])];
    let paramsDiffering: string[] = [];
    if (loaded) {
      const r = renderTwice(loaded);
      problems.push(...r.problems);
      paramsDiffering = r.paramsDiffering;
    }
    rows.push({ id, ok: problems.length === 0, problems, paramsDiffering, paramCount: Object.keys(loaded?.spec.params ?? {}).length });
  }
  if (wanted) {
    for (const id of wanted) if (!ids.has(id)) rows.push({ id, ok: false, problems: [`no scenario "${id}"`], paramsDiffering: [], paramCount: 0 });
  }
  return rows;
}

/** Pack problems are reported separately from scenarios. */
export function packProblems(validation: LibraryValidation): string[] {
  return validation.problems.filter((p) => folderOf(p.file) === "packs").map(formatProblem);
}

function renderTwice(loaded: LoadedScenario): { problems: string[]; paramsDiffering: string[] } {
  const problems: string[] = [];
  const drawn = STATIC_CHECK_TEAMS.map((teamId) => drawParams(loaded.spec, { seed: STATIC_CHECK_SEED, teamId }));
  STATIC_CHECK_TEAMS.forEach((team, i) => {
    let rendered: Scenario;
    try {
      rendered = renderScenario(loaded.spec, { params: drawn[i]!, namespace: `fd-${team}`, team });
    } catch (e) {
      problems.push(`${team}: ${(e as Error).message}`);
      return;
    }
    rendered.break.forEach((m, j) => {
      if (!("apply" in m)) return;
      try {
        manifestObject(m.apply.manifest);
      } catch (e) {
        problems.push(`${team}: break[${j}].apply.manifest: ${(e as Error).message}`);
      }
    });
    rendered.solution.forEach((step, j) => {
      const line = typeof step === "string" ? step : step.command;
      try {
        splitCommandLine(line);
      } catch (e) {
        problems.push(`${team}: solution[${j}]: ${(e as Error).message}`);
      }
    });
  });
  const paramsDiffering = Object.keys(loaded.spec.params).filter((k) => drawn[0]![k] !== drawn[1]![k]);
  return { problems, paramsDiffering };
}

/** `scenarios/oom-killed/scenario.yaml` → `oom-killed`; `scenarios/packs/x.yaml` → `packs`. */
function folderOf(file: string): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  if (/\.(ya?ml|md)$/.test(parts[parts.length - 1] ?? "")) parts.pop();
  return parts[parts.length - 1] ?? file;
}

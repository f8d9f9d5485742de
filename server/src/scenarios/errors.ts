import { FiredrillError } from "../core/errors.js";

/** One problem in one scenario or pack file, located by line and field path. */
export interface ScenarioProblem {
  /** File path as given to the loader (relative paths stay relative). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** Field path, e.g. `recovery.all[1].podsReady.selector`; empty for file-level problems. */
  path: string;
  message: string;
}

/** Formats a problem as `file:line: path: message` (line and path only when known). */
export function formatProblem(p: ScenarioProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** A scenario, pack or library that cannot be used; `message` lists every problem, one per line. */
export class ScenarioError extends FiredrillError {
  readonly problems: ScenarioProblem[];
  constructor(problems: ScenarioProblem[]) {
    super(problems.map(formatProblem).join("\n"), "invalid-scenario", 400, problems);
    this.problems = problems;
  }
}

/** A template that references something unknown (`{{params.nope}}`, `{{foo}}`). */
export class TemplateError extends FiredrillError {
  constructor(
    message: string,
    /** Field path of the string that failed, e.g. `break[0].patch.patch.spec...`. */
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message, "invalid-template", 400);
  }
}

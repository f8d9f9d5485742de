import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { checkDebrief } from "./debrief.js";
import { ScenarioError, TemplateError, type ScenarioProblem } from "./errors.js";
import { dummyParams } from "./params.js";
import { Pack } from "./schema/pack.js";
import { Scenario } from "./schema/scenario.js";
import { renderScenario } from "./template.js";
import { parseYamlSource, type YamlSource } from "./yaml-source.js";
import { zodProblems } from "./zod-problems.js";
import { formatPath } from "./field-path-format.js";

/** Where scenarios live, relative to the working directory (the repo root). */
export const DEFAULT_SCENARIOS_ROOT = "scenarios";
export const SCENARIO_FILE = "scenario.yaml";
export const DEBRIEF_FILE = "debrief.md";
/** Folders under the scenarios root that are not scenarios. */
export const NON_SCENARIO_FOLDERS = new Set(["apps", "packs"]);
export const PACKS_FOLDER = "packs";

/** A validated scenario with its debrief text and where it came from. */
export interface LoadedScenario {
  spec: Scenario;
  /** The scenario folder. */
  dir: string;
  /** Path of scenario.yaml. */
  file: string;
  debriefMarkdown: string;
}

export interface LoadedPack {
  spec: Pack;
  file: string;
}

export interface ScenarioLibrary {
  scenarios: Map<string, LoadedScenario>;
  packs: Map<string, LoadedPack>;
}

/** Result of validating a library: everything that loaded, and every problem found (empty when valid). */
export interface LibraryValidation extends ScenarioLibrary {
  problems: ScenarioProblem[];
}

/** Loads and validates one scenario folder; throws ScenarioError listing every problem. */
export function loadScenario(dir: string): LoadedScenario {
  const { scenario, problems } = tryLoadScenario(dir);
  if (!scenario) throw new ScenarioError(problems);
  return scenario;
}

/** Loads one pack file; with `knownScenarios`, also checks every scenario it references exists. */
export function loadPack(file: string, knownScenarios?: Map<string, LoadedScenario>): LoadedPack {
  const { pack, problems } = tryLoadPack(file, knownScenarios);
  if (!pack) throw new ScenarioError(problems);
  return pack;
}

/** Loads every scenario and pack under `root`; throws ScenarioError listing every problem in the library. */
export function loadScenarioLibrary(root: string = DEFAULT_SCENARIOS_ROOT): ScenarioLibrary {
  const v = validateLibrary(root);
  if (v.problems.length) throw new ScenarioError(v.problems);
  return { scenarios: v.scenarios, packs: v.packs };
}

/** Loads everything it can under `root` and reports all problems instead of stopping at the first. */
export function validateLibrary(root: string = DEFAULT_SCENARIOS_ROOT): LibraryValidation {
  const problems: ScenarioProblem[] = [];
  const scenarios = new Map<string, LoadedScenario>();
  const packs = new Map<string, LoadedPack>();
  const failed = new Set<string>();
  if (!isDir(root)) {
    return { scenarios, packs, problems: [{ file: root, path: "", message: "scenarios folder not found" }] };
  }
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (NON_SCENARIO_FOLDERS.has(name) || !isDir(dir)) continue;
    const r = tryLoadScenario(dir);
    problems.push(...r.problems);
    if (r.scenario) scenarios.set(r.scenario.spec.id, r.scenario);
    else failed.add(name);
  }
  const packDir = join(root, PACKS_FOLDER);
  if (isDir(packDir)) {
    for (const name of readdirSync(packDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const r = tryLoadPack(join(packDir, name), scenarios, failed);
      problems.push(...r.problems);
      if (r.pack) packs.set(r.pack.spec.id, r.pack);
    }
  }
  return { scenarios, packs, problems };
}

function tryLoadScenario(dir: string): { scenario?: LoadedScenario; problems: ScenarioProblem[] } {
  const file = join(dir, SCENARIO_FILE);
  if (!existsSync(file)) return { problems: [{ file: dir, path: "", message: `no ${SCENARIO_FILE} in scenario folder` }] };
  const parsed = validateScenarioText(file, readFileSync(file, "utf8"));
  if (!parsed.spec || !parsed.source) return { problems: parsed.problems };
  const { spec, source } = parsed;
  const problems: ScenarioProblem[] = [...parsed.problems];
  const folder = basename(dir);
  if (spec.id !== folder) {
    problems.push({ file, line: source.lineOf(["id"]), path: "id", message: `id "${spec.id}" must equal its folder name "${folder}"` });
  }

  const debriefFile = join(dir, DEBRIEF_FILE);
  let debriefMarkdown = "";
  if (!existsSync(debriefFile)) {
    problems.push({ file: debriefFile, path: "", message: `missing ${DEBRIEF_FILE}` });
  } else {
    debriefMarkdown = readFileSync(debriefFile, "utf8");
    for (const p of checkDebrief(debriefMarkdown)) problems.push({ file: debriefFile, line: p.line, path: "", message: p.message });
  }
  if (problems.length) return { problems };
  return { scenario: { spec, dir, file, debriefMarkdown }, problems };
}

/** Renders with placeholder values so that unknown params fail at load, not at injection. */
function templateProblems(spec: Scenario, source: YamlSource): ScenarioProblem[] {
  let rendered: Scenario;
  try {
    rendered = renderScenario(spec, { params: dummyParams(spec), namespace: "team-ns", team: "team" });
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return [{ file: source.file, line: source.lineOf(parsePathText(e.path)), path: e.path, message: e.message.slice(e.path.length + 2) }];
  }
  const problems: ScenarioProblem[] = [];
  rendered.break.forEach((m, i) => {
    if (!("apply" in m) || typeof m.apply.manifest !== "string") return;
    const path = ["break", i, "apply", "manifest"];
    try {
      const obj = parseYaml(m.apply.manifest) as Record<string, any> | null;
      const missing = ["apiVersion", "kind"].filter((f) => typeof obj?.[f] !== "string");
      if (typeof obj?.metadata?.name !== "string") missing.push("metadata.name");
      if (missing.length) problems.push({ file: source.file, line: source.lineOf(path), path: formatPath(path), message: `manifest needs ${missing.join(", ")}` });
    } catch (e) {
      problems.push({ file: source.file, line: source.lineOf(path), path: formatPath(path), message: `manifest is not valid YAML: ${(e as Error).message.split("\n")[0]}` });
    }
  });
  return problems;
}

/** Every object the break writes must be listed in `targets`: that list drives fix-attempt detection. */
function targetProblems(spec: Scenario, source: YamlSource): ScenarioProblem[] {
  const listed = new Set(spec.targets.map((t) => `${t.kind}/${t.name}`));
  const problems: ScenarioProblem[] = [];
  spec.break.forEach((m, i) => {
    let ref: { kind: string; name: string } | undefined;
    let path: PropertyKey[] = ["break", i];
    if ("patch" in m) [ref, path] = [m.patch.target, [...path, "patch", "target"]];
    else if ("delete" in m) [ref, path] = [m.delete.target, [...path, "delete", "target"]];
    else if ("scale" in m) [ref, path] = [m.scale.target, [...path, "scale", "target"]];
    else if ("apply" in m) {
      const obj = (typeof m.apply.manifest === "string" ? safeYaml(m.apply.manifest) : m.apply.manifest) as Record<string, any> | undefined;
      if (typeof obj?.kind === "string" && typeof obj?.metadata?.name === "string") ref = { kind: obj.kind, name: obj.metadata.name };
      path = [...path, "apply", "manifest"];
    }
    if (ref && !listed.has(`${ref.kind}/${ref.name}`)) {
      problems.push({ file: source.file, line: source.lineOf(path), path: formatPath(path), message: `${ref.kind}/${ref.name} is changed by the break but not listed in targets` });
    }
  });
  return problems;
}

/**
 * Validates the text of one scenario.yaml without touching the filesystem: YAML syntax, the schema,
 * templates (rendered with dummy params) and targets. Folder and debrief checks need loadScenario.
 * `spec` is set only when there are no problems.
 */
export function validateScenarioText(
  file: string,
  text: string,
): { spec?: Scenario; source?: YamlSource; problems: ScenarioProblem[] } {
  const parsed = parseYamlSource(file, text);
  if (!parsed.source) return { problems: parsed.problems };
  const source = parsed.source;
  const result = Scenario.safeParse(source.value ?? {});
  if (!result.success) return { source, problems: zodProblems(result.error.issues, source) };
  const problems = [...templateProblems(result.data, source), ...targetProblems(result.data, source)];
  return problems.length ? { source, problems } : { spec: result.data, source, problems };
}

/** Validates the text of one pack file (schema only; references need loadPack with known scenarios). */
export function validatePackText(file: string, text: string): { spec?: Pack; problems: ScenarioProblem[] } {
  const parsed = parseYamlSource(file, text);
  if (!parsed.source) return { problems: parsed.problems };
  const result = Pack.safeParse(parsed.source.value ?? {});
  if (!result.success) return { problems: zodProblems(result.error.issues, parsed.source) };
  return { spec: result.data, problems: [] };
}

function tryLoadPack(
  file: string,
  knownScenarios?: Map<string, LoadedScenario>,
  failedFolders: ReadonlySet<string> = new Set(),
): { pack?: LoadedPack; problems: ScenarioProblem[] } {
  if (!existsSync(file)) return { problems: [{ file, path: "", message: "pack file not found" }] };
  const parsed = parseYamlSource(file, readFileSync(file, "utf8"));
  if (!parsed.source) return { problems: parsed.problems };
  const source = parsed.source;
  const result = Pack.safeParse(source.value ?? {});
  if (!result.success) return { problems: zodProblems(result.error.issues, source) };
  const spec = result.data;
  const problems: ScenarioProblem[] = [];
  const expectedId = basename(file).replace(/\.ya?ml$/, "");
  if (spec.id !== expectedId) problems.push({ file, line: source.lineOf(["id"]), path: "id", message: `id "${spec.id}" must equal the file name "${expectedId}"` });
  if (knownScenarios) {
    spec.timeline.forEach((e, i) => {
      const path = ["timeline", i, "scenario"];
      const s = knownScenarios.get(e.scenario);
      if (!s) {
        const message = failedFolders.has(e.scenario) ? `scenario "${e.scenario}" is invalid (see its problems)` : `unknown scenario "${e.scenario}"`;
        problems.push({ file, line: source.lineOf(path), path: formatPath(path), message });
      }
      else if (s.spec.app !== spec.app) problems.push({ file, line: source.lineOf(path), path: formatPath(path), message: `scenario "${e.scenario}" runs on app "${s.spec.app}", the pack on "${spec.app}"` });
    });
  }
  if (problems.length) return { problems };
  return { pack: { spec, file }, problems };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeYaml(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

/** `a.b[2].c` → ["a", "b", 2, "c"] (for locating a rendered string's line). */
function parsePathText(text: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  const re = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) out.push(JSON.parse(`"${m[1]}"`) as string);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

/**
 * Scenarios: the zod schema of scenarios and packs (one file per condition / mutation / symptom kind, one
 * registry line each), the loader, per-team params and templating. Other modules import from here only.
 */
export * from "./schema/index.js";
export { DEBRIEF_SECTIONS, MIN_DEBRIEF_SECTION_CHARS, checkDebrief } from "./debrief.js";
export { ScenarioError, TemplateError, formatProblem, type ScenarioProblem } from "./errors.js";
export { formatPath } from "./field-path-format.js";
export {
  DEFAULT_SCENARIOS_ROOT,
  loadPack,
  loadScenario,
  loadScenarioLibrary,
  validateLibrary,
  validatePackText,
  validateScenarioText,
  type LibraryValidation,
  type LoadedPack,
  type LoadedScenario,
  type ScenarioLibrary,
} from "./loader.js";
export { drawParams, dummyParams, type DrawParamsOptions, type ParamValues } from "./params.js";
export { renderDeep, renderScenario, renderTemplate, type RenderContext } from "./template.js";
export { manifestObject } from "./manifest.js";

import { TemplateError } from "./errors.js";
import { formatPath } from "./field-path-format.js";
import type { ParamValues } from "./params.js";
import type { Scenario } from "./schema/scenario.js";

/** What `{{...}}` placeholders can refer to. */
export interface RenderContext {
  params: ParamValues;
  /** The team's namespace: `{{namespace}}`. */
  namespace: string;
  /** The team's id or slug: `{{team}}`. */
  team: string;
}

const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Replaces every `{{params.x}}`, `{{namespace}}`, `{{team}}` in `text`; anything else is a TemplateError. */
export function renderTemplate(text: string, ctx: RenderContext, path = ""): string {
  return text.replace(PLACEHOLDER_RE, (_, expr: string) => {
    if (expr === "namespace") return ctx.namespace;
    if (expr === "team") return ctx.team;
    const m = /^params\.([A-Za-z][A-Za-z0-9_]*)$/.exec(expr);
    if (m) {
      const v = ctx.params[m[1]!];
      if (v === undefined) {
        const known = Object.keys(ctx.params);
        throw new TemplateError(
          `unknown param "${m[1]}" in {{${expr}}} (declared: ${known.length ? known.join(", ") : "none"})`,
          path,
        );
      }
      return String(v);
    }
    throw new TemplateError(`unknown placeholder {{${expr}}}: use {{params.<name>}}, {{namespace}} or {{team}}`, path);
  });
}

const WHOLE_PARAM_RE = /^\{\{\s*params\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/;

/**
 * Renders every string inside `value` (object keys are left alone); returns a new value.
 * A string that is exactly one `{{params.x}}` of a numeric param becomes that number, so that
 * `port: "{{params.port}}"` renders to `port: 8081` (Kubernetes reads a string port as a port name).
 */
export function renderDeep<T>(value: T, ctx: RenderContext, path: PropertyKey[] = []): T {
  if (typeof value === "string") {
    const whole = WHOLE_PARAM_RE.exec(value);
    if (whole && typeof ctx.params[whole[1]!] === "number") return ctx.params[whole[1]!] as T;
    return renderTemplate(value, ctx, formatPath(path)) as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, ctx, [...path, i])) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, ctx, [...path, k]);
    return out as T;
  }
  return value;
}

/** Top-level fields that are never templated: identity and the generators themselves. */
const UNTEMPLATED_FIELDS = new Set<keyof Scenario>(["id", "params", "app", "difficulty"]);

/**
 * Returns the scenario with every templated string rendered for one team. Pure; the input is untouched.
 * Throws TemplateError naming the field when a placeholder is unknown.
 */
export function renderScenario(scenario: Scenario, ctx: RenderContext): Scenario {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scenario)) {
    out[k] = UNTEMPLATED_FIELDS.has(k as keyof Scenario) ? v : renderDeep(v, ctx, [k]);
  }
  return out as Scenario;
}

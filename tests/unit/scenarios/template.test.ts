import { describe, expect, it } from "vitest";
import { TemplateError, renderDeep, renderScenario, renderTemplate, validateScenarioText } from "../../../server/src/scenarios/index.js";
import { minimalScenarioText } from "./helpers.js";

const CTX = { params: { tag: "9.abcd", port: 8081, host: "pg" }, namespace: "fd-red", team: "red" };

describe("renderTemplate", () => {
  it.each([
    ["no placeholders", "no placeholders"],
    ["img:{{params.tag}}", "img:9.abcd"],
    ["{{ params.tag }}", "9.abcd"],
    ["-n {{namespace}} for {{team}}", "-n fd-red for red"],
    ["{{params.host}}:{{params.port}}", "pg:8081"],
    ["{{params.port}}", "8081"],
  ])("%s → %s", (input, expected) => {
    expect(renderTemplate(input, CTX)).toBe(expected);
  });

  it.each([
    ["{{params.nope}}", 'a.b: unknown param "nope" in {{params.nope}} (declared: tag, port, host)'],
    ["{{teams}}", "a.b: unknown placeholder {{teams}}: use {{params.<name>}}, {{namespace}} or {{team}}"],
    ["{{params}}", "a.b: unknown placeholder {{params}}: use {{params.<name>}}, {{namespace}} or {{team}}"],
  ])("%s is an error naming the field", (input, message) => {
    expect(() => renderTemplate(input, CTX, "a.b")).toThrow(new TemplateError(message.slice(5), "a.b"));
    expect(() => renderTemplate(input, CTX, "a.b")).toThrow(message);
  });
});

describe("renderDeep", () => {
  it("renders strings at any depth, leaves keys and non-strings alone", () => {
    const input = { "{{team}}": ["{{namespace}}", 3, true, null, { x: "{{params.tag}}" }] };
    expect(renderDeep(input, CTX)).toEqual({ "{{team}}": ["fd-red", 3, true, null, { x: "9.abcd" }] });
  });

  it("turns a whole-string numeric param into a number (ports in manifests)", () => {
    expect(renderDeep({ port: "{{params.port}}", label: "{{params.port}}x" }, CTX)).toEqual({ port: 8081, label: "8081x" });
  });

  it("reports the path of the failing string", () => {
    expect(() => renderDeep({ a: [{ b: "{{params.zzz}}" }] }, CTX)).toThrow('a[0].b: unknown param "zzz"');
  });
});

describe("renderScenario", () => {
  const spec = validateScenarioText("s.yaml", minimalScenarioText()).spec!;

  it("renders break, solution and every other templated field; is pure", () => {
    const before = JSON.stringify(spec);
    const out = renderScenario(spec, { params: { tag: "9.wxyz" }, namespace: "fd-blue", team: "blue" });
    expect(JSON.stringify(spec)).toBe(before);
    expect(JSON.stringify(out.break)).toContain("example/frontend:9.wxyz");
    expect(out.solution[0]).toBe("kubectl -n fd-blue set image deployment/frontend frontend=example/frontend:1.0");
    expect(out.params).toBe(spec.params);
    expect(out.id).toBe(spec.id);
  });

  it("gives different teams different rendered breaks", () => {
    const a = renderScenario(spec, { params: { tag: "9.aaaa" }, namespace: "fd-a", team: "a" });
    const b = renderScenario(spec, { params: { tag: "9.bbbb" }, namespace: "fd-b", team: "b" });
    expect(a.break).not.toEqual(b.break);
  });
});

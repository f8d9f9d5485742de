import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  labelSelectorFromMatchExpressions,
  labelSelectorFromMatchLabels,
  labelSelectorFromSpec,
  matchesFieldSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
  StoreError,
} from "../../../../server/src/sim/store/index.js";

describe("parseLabelSelector", () => {
  it.each([
    ["", ""],
    ["app=frontend", "app=frontend"],
    ["app==frontend", "app==frontend"],
    ["app = frontend , tier != web", "app=frontend,tier!=web"],
    ["tier in (web, api),app", "app,tier in (api,web)"],
    ["x notin (b,a,b)", "x notin (a,b)"],
    ["!canary", "!canary"],
    ["example.com/team=a", "example.com/team=a"],
    ["a=", "a="],
    ["x in (foo,,baz)", "x in (,baz,foo)"],
    ["z in ()", "z in ()"],
    ["in=notin", "in=notin"],
    ["n>5,m<10", "m<10,n>5"],
  ])("%j → %j", (input, canonical) => {
    expect(formatLabelSelector(parseLabelSelector(input))).toBe(canonical);
  });

  it.each([
    ["app in frontend", "unable to parse requirement: found 'frontend' expected: '('"],
    ["app=a=b", "found '=', expected: ',' or 'end of string'"],
    ["app,", "found '', expected: identifier after ','"],
    [",app", "found ',', expected: !, identifier, or 'end of string'"],
    ["app in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ["!", "unable to parse requirement: found '', expected: identifier"],
    [
      "bad!key=1",
      "unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin'",
    ],
    [
      "-bad=1",
      `unable to parse requirement: key: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
    ["a=-x", expect.stringContaining(`values[0]: Invalid value: "-x": a valid label must be an empty string`)],
  ])("rejects %j with 400", (input, message) => {
    let err: unknown;
    try {
      parseLabelSelector(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 400, reason: "BadRequest", message });
  });

  it.each([
    ["app=frontend", { app: "frontend" }, true],
    ["app=frontend", { app: "backend" }, false],
    ["app=frontend", {}, false],
    ["app!=frontend", {}, true],
    ["app!=frontend", { app: "frontend" }, false],
    ["app in (a,b)", { app: "b" }, true],
    ["app in (a,b)", {}, false],
    ["app notin (a,b)", {}, true],
    ["app notin (a,b)", { app: "a" }, false],
    ["app", { app: "" }, true],
    ["app", { other: "x" }, false],
    ["!app", { other: "x" }, true],
    ["!app", { app: "x" }, false],
    ["n>5", { n: "6" }, true],
    ["n>5", { n: "five" }, false],
    ["", {}, true],
  ])("%j matches %j: %s", (selector, labels, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(expected);
  });
});

describe("workload spec.selector", () => {
  it("matchLabels and matchExpressions combine", () => {
    const sel = labelSelectorFromSpec({
      matchLabels: { app: "frontend" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["web", "edge"] },
        { key: "canary", operator: "DoesNotExist" },
      ],
    });
    expect(formatLabelSelector(sel)).toBe("app=frontend,!canary,tier in (edge,web)");
    expect(matchesLabelSelector(sel, { app: "frontend", tier: "web" })).toBe(true);
    expect(matchesLabelSelector(sel, { app: "frontend", tier: "web", canary: "1" })).toBe(false);
  });

  it("nil selects nothing, empty selects everything", () => {
    expect(matchesLabelSelector(labelSelectorFromSpec(undefined), {})).toBe(false);
    expect(matchesLabelSelector(labelSelectorFromSpec({}), { any: "thing" })).toBe(true);
    expect(matchesLabelSelector(labelSelectorFromMatchLabels({}), {})).toBe(true);
    expect(formatLabelSelector(labelSelectorFromMatchLabels({ b: "2", a: "1" }))).toBe("a=1,b=2");
    expect(matchesLabelSelector(labelSelectorFromMatchExpressions([{ key: "a", operator: "Exists" }]), { a: "" })).toBe(true);
  });

  it("rejects a bad operator or an empty In", () => {
    expect(() => labelSelectorFromSpec({ matchExpressions: [{ key: "a", operator: "Has" as "In" }] })).toThrow('"Has" is not a valid label selector operator');
    expect(() => labelSelectorFromSpec({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow("values set can't be empty");
  });
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p", namespace: "ns" }, spec: { nodeName: "n1", hostNetwork: false }, status: { phase: "Running" } };
  it.each([
    ["metadata.name=p", true],
    ["metadata.name==p", true],
    ["metadata.name!=p", false],
    ["metadata.name=p,status.phase=Running", true],
    ["spec.nodeName=", false],
    ["spec.schedulerName=", true],
    ["spec.hostNetwork=false", true],
    ["", true],
  ])("%j matches: %s", (selector, expected) => {
    expect(matchesFieldSelector(parseFieldSelector(selector), pod)).toBe(expected);
  });

  it("unescapes values", () => {
    expect(matchesFieldSelector(parseFieldSelector("reason=a\\,b\\=c"), { reason: "a,b=c" })).toBe(true);
  });

  it.each([
    ["metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ["reason=a\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["=x", "invalid selector: '=x'; can't understand '=x'"],
  ])("rejects %j", (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(expect.objectContaining({ code: 400, message }));
  });

  it("never reads through the prototype", () => {
    expect(matchesFieldSelector(parseFieldSelector("constructor.name=Object"), {})).toBe(false);
  });
});

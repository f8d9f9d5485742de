import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
  type LabelOperator,
  type LabelRequirement,
} from "../../../../server/src/sim/store/index.js";

/** Small domains so generated selectors and label sets often collide. */
const labelKey = fc.constantFrom("app", "tier", "example.com/team", "in", "a_b.c-d", "x9");
const labelValue = fc.constantFrom("", "frontend", "web", "v1.2", "a_b", "notin", "5", "12");
/** Selector values must be valid label values, so no sign: "-3" is rejected upstream too. */
const intValue = fc.constantFrom("5", "0", "12", "007");
/** Objects' labels are not validated by the selector; include a negative number. */
const labelSetValue = fc.oneof(labelValue, fc.constantFrom("-3", "6"));

const requirement: fc.Arbitrary<LabelRequirement> = fc.oneof(
  fc.record({ key: labelKey, operator: fc.constantFrom<LabelOperator>("=", "==", "!="), values: fc.tuple(labelValue) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<LabelOperator>("in", "notin"), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<LabelOperator>("exists", "!"), values: fc.constant([] as string[]) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<LabelOperator>("gt", "lt"), values: fc.tuple(intValue) }),
);

function normalise(reqs: LabelRequirement[]): LabelRequirement[] {
  return reqs
    .map((r) => ({ key: r.key, operator: r.operator, values: [...new Set(r.values)].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The textbook meaning of each operator, written independently of the implementation. */
function reference(reqs: LabelRequirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.operator) {
      case "=":
      case "==":
      case "in":
        return has && r.values.includes(v!);
      case "!=":
      case "notin":
        return !has || !r.values.includes(v!);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
        return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0]);
      case "lt":
        return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0]);
    }
  });
}

const labels = fc.dictionary(labelKey, labelSetValue, { maxKeys: 4 });

function format(reqs: LabelRequirement[]): string {
  // formatting is the implementation's; an unsorted input proves parse sorts
  return formatLabelSelector({ requirements: reqs });
}

describe("label selector properties", () => {
  it("parse ∘ format is the identity up to normalisation", () => {
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 5 }), (reqs) => {
        const parsed = parseLabelSelector(format(reqs));
        expect(parsed.requirements.map((r) => ({ key: r.key, operator: r.operator, values: [...r.values] }))).toEqual(normalise(reqs));
        expect(formatLabelSelector(parseLabelSelector(formatLabelSelector(parsed)))).toBe(formatLabelSelector(parsed));
      }),
    );
  });

  it("a parsed selector matches exactly the label sets the reference predicate accepts", () => {
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 4 }), labels, (reqs, set) => {
        expect(matchesLabelSelector(parseLabelSelector(format(reqs)), set)).toBe(reference(reqs, set));
      }),
      { numRuns: 500 },
    );
  });

  it("whitespace around tokens does not change the meaning", () => {
    fc.assert(
      fc.property(fc.array(requirement, { minLength: 1, maxLength: 4 }), (reqs) => {
        const spaced = format(reqs).replace(/,/g, " , ").replace(/([=!<>]+)/g, " $1 ").replace(/\(/g, "( ").replace(/\)/g, " )");
        expect(formatLabelSelector(parseLabelSelector(spaced))).toBe(formatLabelSelector(parseLabelSelector(format(reqs))));
      }),
    );
  });
});

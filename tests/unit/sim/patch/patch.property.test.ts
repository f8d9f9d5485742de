import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMergePatch, applyStrategicMergePatch, createMergePatch } from "../../../../server/src/sim/patch/index.js";

/** JSON values without null (null means "delete" in both patch formats) and without directive-like keys. */
const key = fc.string({ maxLength: 8 }).filter((k) => !k.startsWith("$"));
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean());
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
}));
const object = fc.dictionary(key, value, { maxKeys: 6 });

/** Kubernetes-shaped documents so merge keys are exercised too. */
const container = fc.record({ name: fc.constantFrom("a", "b", "c"), image: fc.string({ maxLength: 5 }), ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 5 }) }), { maxLength: 2 }) });
const deployment = fc.record({
  apiVersion: fc.constant("apps/v1"),
  kind: fc.constant("Deployment"),
  metadata: fc.record({ name: fc.string({ maxLength: 5 }), labels: fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 3 }) }),
  spec: fc.record({ replicas: fc.nat(5), template: fc.record({ spec: fc.record({ containers: fc.uniqueArray(container, { selector: (c) => c.name, maxLength: 3 }) }) }) }),
});

describe("patch properties", () => {
  it("a strategic merge patch of {} is the identity (plain JSON)", () => {
    fc.assert(
      fc.property(object, (doc) => {
        expect(applyStrategicMergePatch(doc, {})).toEqual(doc);
      }),
    );
  });

  it("a strategic merge patch of {} is the identity (Deployments with merge keys)", () => {
    fc.assert(
      fc.property(deployment, (doc) => {
        expect(applyStrategicMergePatch(doc, {}, "Deployment")).toEqual(doc);
      }),
    );
  });

  it("a strategic merge patch of a whole document onto itself changes nothing", () => {
    fc.assert(
      fc.property(deployment, (doc) => {
        expect(applyStrategicMergePatch(doc, doc, "Deployment")).toEqual(doc);
      }),
    );
  });

  it("applyMergePatch(a, createMergePatch(a, b)) = b", () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        expect(applyMergePatch(a, createMergePatch(a, b))).toEqual(b);
      }),
    );
  });

  it("merge patches never modify their input", () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const before = structuredClone(a);
        applyMergePatch(a, b);
        applyStrategicMergePatch(a, b);
        expect(a).toEqual(before);
      }),
    );
  });

  it("hostile keys never reach Object.prototype", () => {
    const patch = JSON.parse('{"__proto__":{"polluted":1},"a":{"__proto__":{"polluted":2}}}');
    applyMergePatch({}, patch);
    applyStrategicMergePatch({}, patch);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

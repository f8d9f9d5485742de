import { describe, expect, it } from "vitest";
import { applyMergePatch, createMergePatch } from "../../../../server/src/sim/patch/index.js";

describe("applyMergePatch (RFC 7386)", () => {
  // the RFC 7386 appendix examples
  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("%j + %j = %j", (doc, patch, expected) => {
    expect(applyMergePatch(doc, patch)).toEqual(expected);
  });

  it("applies kubectl scale and label bodies", () => {
    const d = { metadata: { name: "f", labels: { app: "f" } }, spec: { replicas: 2, template: {} } };
    expect(applyMergePatch(d, { spec: { replicas: 3 } })).toEqual({ ...d, spec: { replicas: 3, template: {} } });
    expect(applyMergePatch(d, { metadata: { labels: { tier: "web" } } }).metadata.labels).toEqual({ app: "f", tier: "web" });
  });

  it("does not alias the input document", () => {
    const d = { a: { b: 1 }, c: { d: 2 } };
    const out = applyMergePatch(d, { a: { e: 1 } }) as { c: { d: number } };
    out.c.d = 99;
    expect(d.c.d).toBe(2);
  });

  it("createMergePatch produces the patch that turns a into b", () => {
    const a = { a: 1, b: { c: 2, d: [1] }, e: "x" };
    const b = { a: 1, b: { c: 3, d: [1, 2] }, f: true };
    const p = createMergePatch(a, b);
    expect(p).toEqual({ b: { c: 3, d: [1, 2] }, e: null, f: true });
    expect(applyMergePatch(a, p)).toEqual(b);
  });
});

import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { checkBoundaries } from "../../scripts/boundaries.js";

describe("import boundaries (DESIGN.md module map)", () => {
  it("the real source tree has no forbidden imports", () => {
    const violations = checkBoundaries(resolve(import.meta.dirname, "../.."));
    expect(violations).toEqual([]);
  });

  it("flags a deliberately forbidden import in the fixture tree", () => {
    const violations = checkBoundaries(resolve(import.meta.dirname, "../fixtures/boundaries"));
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "server/src/sim/leaky.ts", rule: expect.stringContaining("sim may import only") }),
        expect.objectContaining({ file: "server/src/core/uses-express.ts", rule: "only http may use express" }),
      ]),
    );
    expect(violations).toHaveLength(2);
  });
});

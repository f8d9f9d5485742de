import { describe, expect, it } from "vitest";
import { drawParams, dummyParams, type Scenario } from "../../../server/src/scenarios/index.js";

const scenario = (params: Scenario["params"]): Pick<Scenario, "id" | "params"> => ({ id: "s", params });
const SAMPLE = scenario({
  tag: { randomString: { length: 6 }, prefix: "1.2-rc" },
  host: { oneOf: ["postgress", "postgres.db", "pg", "database"] },
  n: { int: { min: 16, max: 40 } },
  hex: { randomString: { length: 8, alphabet: "0123456789abcdef" } },
});

describe("drawParams", () => {
  it("gives the same values for the same (seed, team, scenario)", () => {
    expect(drawParams(SAMPLE, { seed: 42, teamId: "red" })).toEqual(drawParams(SAMPLE, { seed: 42, teamId: "red" }));
    expect(drawParams(SAMPLE, { seed: "game-1", teamId: "red" })).toEqual(drawParams(SAMPLE, { seed: "game-1", teamId: "red" }));
  });

  it("gives different teams different random strings", () => {
    const teams = Array.from({ length: 20 }, (_, i) => `team-${i}`);
    const tags = teams.map((teamId) => drawParams(SAMPLE, { seed: 42, teamId }).tag);
    expect(new Set(tags).size).toBe(teams.length);
  });

  it("changes with the seed and with the scenario id", () => {
    const a = drawParams(SAMPLE, { seed: 1, teamId: "red" });
    expect(drawParams(SAMPLE, { seed: 2, teamId: "red" }).tag).not.toBe(a.tag);
    expect(drawParams({ ...SAMPLE, id: "other" }, { seed: 1, teamId: "red" }).tag).not.toBe(a.tag);
  });

  it("draws each param from its own stream: adding a param does not change the others", () => {
    const before = drawParams(SAMPLE, { seed: 7, teamId: "blue" });
    const after = drawParams(scenario({ extra: { int: { min: 0, max: 9 } }, ...SAMPLE.params }), { seed: 7, teamId: "blue" });
    expect(after).toMatchObject(before);
  });

  it("respects each generator's domain", () => {
    for (let i = 0; i < 200; i++) {
      const p = drawParams(SAMPLE, { seed: i, teamId: "t" });
      expect(p.tag).toMatch(/^1\.2-rc[bcdfghjklmnpqrstvwxz2456789]{6}$/);
      expect(["postgress", "postgres.db", "pg", "database"]).toContain(p.host);
      expect(p.n).toBeGreaterThanOrEqual(16);
      expect(p.n).toBeLessThanOrEqual(40);
      expect(Number.isInteger(p.n)).toBe(true);
      expect(p.hex).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  it("spreads oneOf and int over their whole range across teams", () => {
    const hosts = new Set<unknown>();
    const ns = new Set<unknown>();
    for (let i = 0; i < 300; i++) {
      const p = drawParams(SAMPLE, { seed: 3, teamId: `t${i}` });
      hosts.add(p.host);
      ns.add(p.n);
    }
    expect(hosts.size).toBe(4);
    expect(ns.size).toBe(25);
  });

  it("returns {} for a scenario without params", () => {
    expect(drawParams(scenario({}), { seed: 1, teamId: "x" })).toEqual({});
  });
});

describe("dummyParams", () => {
  it.each([
    [{ oneOf: ["a", "b"] }, "a"],
    [{ oneOf: [8080, 9090] }, 8080],
    [{ int: { min: 3, max: 9 } }, 3],
    [{ randomString: { length: 3 }, prefix: "p-", suffix: "-s" }, "p-xxx-s"],
  ] as const)("%j → %j", (gen, expected) => {
    expect(dummyParams(scenario({ x: gen as never })).x).toBe(expected);
  });
});

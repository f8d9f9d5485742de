import { describe, expect, it } from "vitest";
import {
  GAME_CODE_ALPHABET,
  GAME_CODE_LENGTH,
  constantTimeEqual,
  hashToken,
  newGameCode,
  newToken,
  randomString,
  seededRandom,
} from "../../../server/src/core/ids.js";

describe("ids", () => {
  it("seeded random sources are deterministic per seed and differ across seeds", () => {
    const a1 = seededRandom("game-1/team-a");
    const a2 = seededRandom("game-1/team-a");
    const b = seededRandom("game-1/team-b");
    const seqA1 = Array.from({ length: 5 }, () => a1());
    expect(Array.from({ length: 5 }, () => a2())).toEqual(seqA1);
    expect(Array.from({ length: 5 }, () => b())).not.toEqual(seqA1);
    for (const v of seqA1) expect(v >= 0 && v < 1).toBe(true);
  });

  it("randomString draws only from the alphabet", () => {
    const s = randomString(200, "xyz", seededRandom(1));
    expect(s).toMatch(/^[xyz]{200}$/);
  });

  it("game codes use the unambiguous alphabet", () => {
    for (let i = 0; i < 50; i++) {
      const code = newGameCode();
      expect(code).toHaveLength(GAME_CODE_LENGTH);
      for (const ch of code) expect(GAME_CODE_ALPHABET).toContain(ch);
    }
  });

  it("tokens carry 256 bits and are unique; hashes are stable hex", () => {
    const t1 = newToken("fdt_");
    const t2 = newToken("fdt_");
    expect(t1).not.toBe(t2);
    expect(Buffer.from(t1.slice(4), "base64url")).toHaveLength(32);
    expect(hashToken(t1)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t1)).toBe(hashToken(t1));
  });

  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "abcd", false],
    ["", "", true],
  ])("constantTimeEqual(%j, %j) = %s", (a, b, eq) => expect(constantTimeEqual(a, b)).toBe(eq));
});

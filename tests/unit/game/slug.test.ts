import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, teamSlug } from "../../../server/src/game/slug.js";

describe("teamSlug", () => {
  it.each([
    ["Orion", "orion"],
    ["Team Orion!", "team-orion"],
    ["  Ünïcödé   Ñame ", "unicode-name"],
    ["Ørn & Æsir", "orn-aesir"],
    ["---", "team"],
    ["日本", "team"],
    ["a".repeat(60), "a".repeat(MAX_SLUG_LENGTH)],
    [`${"ab-".repeat(20)}`, "ab-".repeat(13) + "a"],
  ])("%j → %j", (name, slug) => {
    expect(teamSlug(name)).toBe(slug);
    expect(teamSlug(name)).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  });
});

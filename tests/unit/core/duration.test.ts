import { describe, expect, it } from "vitest";
import { formatAge, parseDuration } from "../../../server/src/core/duration.js";

describe("parseDuration", () => {
  it.each([
    ["250ms", 250],
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1_500],
    [" 2m ", 120_000],
  ])("%s → %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "10", "ten minutes", "5x", "10m garbage", "-5s"])("rejects %j with a clear message", (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration .* use a number with a unit/);
  });
});

describe("formatAge matches kubectl's HumanDuration", () => {
  it.each([
    [0, "0s"],
    [59_000, "59s"],
    [119_999, "119s"],
    [120_000, "2m"],
    [192_000, "3m12s"],
    [600_000, "10m"],
    [179 * 60_000, "179m"],
    [3 * 3_600_000, "3h"],
    [4 * 3_600_000 + 5 * 60_000, "4h5m"],
    [30 * 3_600_000, "30h"],
    [3 * 86_400_000, "3d"],
    [3 * 86_400_000 + 5 * 3_600_000, "3d5h"],
    [100 * 86_400_000, "100d"],
  ])("%d ms → %s", (ms, text) => expect(formatAge(ms)).toBe(text));
});

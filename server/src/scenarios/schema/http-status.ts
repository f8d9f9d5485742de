import { z } from "zod";

/** An HTTP status: an exact code (503) or a class ("2xx", "4xx", "5xx"). */
export const HttpStatus = z.union([
  z.int().min(100).max(599),
  z.enum(["2xx", "3xx", "4xx", "5xx"]),
]);
export type HttpStatus = z.output<typeof HttpStatus>;

/** True when `code` satisfies `expected` (exact code or class). */
export function httpStatusMatches(expected: HttpStatus, code: number): boolean {
  if (typeof expected === "number") return code === expected;
  return Math.floor(code / 100) === Number(expected[0]);
}

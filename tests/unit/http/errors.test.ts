import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  ConflictError,
  FiredrillError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from "../../../server/src/core/index.js";
import { toErrorResponse } from "../../../server/src/http/errors.js";

function httpError(status: number, type: string, message: string, expose = true) {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose });
}

describe("toErrorResponse", () => {
  const zodError = z.object({ name: z.string() }).safeParse({ name: 3 }).error!;
  const cases: Array<[string, unknown, number, string, boolean]> = [
    ["ValidationError", new ValidationError("bad team name"), 400, "invalid", false],
    ["UnauthorizedError", new UnauthorizedError(), 401, "unauthorized", false],
    ["ForbiddenError", new ForbiddenError("host key required"), 403, "forbidden", false],
    ["NotFoundError", new NotFoundError("no game ABC123"), 404, "not-found", false],
    ["ConflictError", new ConflictError("name taken"), 409, "conflict", false],
    ["ConfigError (a 500 FiredrillError is unexpected)", new ConfigError("bad"), 500, "config", true],
    ["ZodError", zodError, 400, "invalid", false],
    ["malformed JSON body", httpError(400, "entity.parse.failed", "Unexpected token"), 400, "invalid-json", false],
    ["oversized body", httpError(413, "entity.too.large", "request entity too large"), 413, "payload-too-large", false],
    ["other 4xx http error", httpError(405, "whatever", "method not allowed"), 405, "bad-request", false],
    ["unexposed 4xx", httpError(400, "x", "internal detail", false), 500, "internal", true],
    ["plain Error", new Error("db exploded at /srv/x.ts:1"), 500, "internal", true],
    ["thrown string", "oops", 500, "internal", true],
    ["thrown null", null, 500, "internal", true],
  ];
  it.each(cases)("%s → %i %s", (_label, err, status, code, unexpected) => {
    const res = toErrorResponse(err);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.unexpected).toBe(unexpected);
  });

  it("keeps a FiredrillError's message and details", () => {
    expect(toErrorResponse(new FiredrillError("nope", "teapot", 418, { a: 1 })).body).toEqual({
      error: { code: "teapot", message: "nope", details: { a: 1 } },
    });
  });

  it("names the failing field of a zod error", () => {
    expect(toErrorResponse(zodError).body.error.message).toMatch(/^name: /);
  });

  it("never passes an unexpected error's message or stack on", () => {
    const body = JSON.stringify(toErrorResponse(new Error("secret at /srv/app.ts:3")).body);
    expect(body).toBe('{"error":{"code":"internal","message":"internal server error"}}');
  });
});

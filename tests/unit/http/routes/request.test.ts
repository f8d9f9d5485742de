import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { NotFoundError, UnauthorizedError, silentLogger } from "../../../../server/src/core/index.js";
import type { GameServiceApi } from "../../../../server/src/game/service-types.js";
import { bearerToken, createApiRoutes, gameCode, kubeconfigFilename } from "../../../../server/src/http/routes/index.js";

const withAuth = (authorization: string | undefined) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as Request;
const withCode = (code: string) => ({ params: { code } }) as unknown as Request;

describe("bearerToken", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["   ", undefined],
    ["Bearer abc", "abc"],
    ["bearer fdt_x-y_z", "fdt_x-y_z"],
    ["BEARER   tok  ", "tok"],
    ["Bearer\ttok", "tok"],
  ])("%j → %j", (header, token) => {
    expect(bearerToken(withAuth(header))).toBe(token);
  });

  it.each(["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "Token abc", "abc"])("%j → 401", (header) => {
    expect(() => bearerToken(withAuth(header))).toThrow(UnauthorizedError);
  });
});

describe("gameCode", () => {
  it.each([
    ["ABC234", "ABC234"],
    ["abc234", "ABC234"],
    ["aBc234", "ABC234"],
  ])("%s → %s", (raw, code) => {
    expect(gameCode(withCode(raw))).toBe(code);
  });

  it.each(["", "ab-c", "ab c", "ä", "x".repeat(33), "../etc"])("%j → 404 without a lookup", (raw) => {
    expect(() => gameCode(withCode(raw))).toThrow(NotFoundError);
  });
});

describe("kubeconfigFilename", () => {
  it.each([
    ["ABC234", "fd-abc234-red", "firedrill-ABC234-fd-abc234-red.kubeconfig"],
    ["ABC234", 'we"ird/ns', "firedrill-ABC234-we_ird_ns.kubeconfig"],
  ])("%s + %s → %s", (code, ns, name) => {
    expect(kubeconfigFilename(code, ns)).toBe(name);
  });
});

describe("createApiRoutes", () => {
  const service = {} as GameServiceApi;
  it("refuses a plain-http gateway URL at start-up (kubectl would send no token)", () => {
    expect(() => createApiRoutes({ service, gatewayUrl: "http://127.0.0.1:6443", caPem: "", logger: silentLogger() })).toThrow(/https/);
  });

  it("returns route modules mounted under /api", () => {
    const routes = createApiRoutes({ service, gatewayUrl: "https://127.0.0.1:6443", caPem: "", logger: silentLogger() });
    expect(routes.map((r) => r.path)).toEqual(["/api/games", "/api/games", "/api/games", "/api", "/api/seasons"]);
  });
});

/**
 * With FIREDRILL_ADMIN_TOKEN set, creating games and seasons needs it (DESIGN.md "REST contract"):
 * 401 without it or with a wrong one (an unknown credential), 201 with it. Its own Firedrill: the
 * setting is read at start-up, and Colyseus' matchmaker allows one Firedrill per test file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestFiredrill } from "../../../helpers/firedrill.js";
import { PACK, call, rowCounts, startRestFiredrill } from "./harness.js";

const ADMIN = "admin-token-0123456789";

let fd: TestFiredrill;
beforeAll(async () => {
  fd = await startRestFiredrill({ FIREDRILL_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  await fd?.close();
});

describe("admin token (FIREDRILL_ADMIN_TOKEN set)", () => {
  it("creating games and seasons needs the admin token: 401 without or wrong, 201 with", async () => {
    const body = { name: "Locked", pack: PACK };
    const expect401 = (res: { status: number; body: any }) => expect(res).toMatchObject({ status: 401, body: { error: { code: "unauthorized", message: expect.any(String) } } });
    expect401(await call(fd.url, "POST", "/api/games", { body }));
    expect401(await call(fd.url, "POST", "/api/games", { body, token: "wrong-token-9876543210" }));
    expect401(await call(fd.url, "POST", "/api/seasons", { body: { name: "S" } }));
    expect401(await call(fd.url, "POST", "/api/seasons", { body: { name: "S" }, token: "wrong-token-9876543210" }));
    expect(await rowCounts(fd.db)).toMatchObject({ games: 0, seasons: 0 });

    const game = await call(fd.url, "POST", "/api/games", { body, token: ADMIN });
    expect(game.status).toBe(201);
    expect((await call(fd.url, "POST", "/api/seasons", { body: { name: "S" }, token: ADMIN })).status).toBe(201);
    expect(await rowCounts(fd.db)).toMatchObject({ games: 1, seasons: 1 });
    // the admin token is not a host key: the game's own host key runs the game
    expect(await call(fd.url, "POST", `/api/games/${game.body.code}/start`, { body: {}, token: ADMIN })).toMatchObject({ status: 401 });
    expect(await call(fd.url, "POST", `/api/games/${game.body.code}/start`, { body: {}, token: game.body.hostKey })).toMatchObject({ status: 200, body: { phase: "running" } });
    // reading stays public
    expect((await call(fd.url, "GET", `/api/games/${game.body.code}`)).status).toBe(200);
    expect((await call(fd.url, "GET", "/api/seasons")).status).toBe(200);
  });
});

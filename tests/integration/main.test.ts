/** The composition root boots the whole server on one ephemeral port and stops cleanly. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/src/config.js";
import { silentLogger } from "../../server/src/core/index.js";
import { startFiredrill, type RunningFiredrill } from "../../server/src/main.js";

let tmp: string;
let running: RunningFiredrill;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-main-"));
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", FIREDRILL_DATA_DIR: path.join(tmp, "data") });
  running = await startFiredrill(config, silentLogger());
});

afterAll(async () => {
  await running?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe("startFiredrill", () => {
  it("migrates the default SQLite database inside the data directory", () => {
    expect(running.config.databaseUrl).toBe(`file:${path.join(tmp, "data", "firedrill.db")}`);
    expect(existsSync(path.join(tmp, "data", "firedrill.db"))).toBe(true);
  });

  it("serves REST on the bound port", async () => {
    expect(running.port).toBeGreaterThan(0);
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const res = await fetch(`${running.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", checks: { database: "ok", lifecycle: "ok", restore: "ok" } });
  });

  it("serves Colyseus matchmaking on the same port", async () => {
    const res = await fetch(`${running.url}/matchmake/joinOrCreate/no-such-room`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    // no rooms are registered yet: Colyseus itself answers that the room type is unknown
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/no-such-room.*not defined/) });
  });

  it("stops: the port closes and a second stop is a no-op", async () => {
    await running.stop();
    await running.stop();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});

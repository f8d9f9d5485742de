/** The Express app on a real SQLite database and a real ephemeral port. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Router } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, FiredrillError, silentLogger } from "../../../server/src/core/index.js";
import { closeDatabase, createDatabase, migrateDatabase, type Database } from "../../../server/src/db/index.js";
import { HTTP_DURATION_METRIC, createHttpApp } from "../../../server/src/http/index.js";

let tmp: string;
let db: Database;
let server: http.Server;
let base: string;

/** A route module like the ones other modules will plug in, exercising every error path. */
function probeRoutes(): Router {
  const router = Router();
  router.get("/games/:code", (req, res) => {
    res.json({ code: req.params.code });
  });
  router.post("/echo", (req, res) => {
    const body = z.object({ name: z.string().min(1) }).parse(req.body);
    res.status(201).json(body);
  });
  router.get("/conflict", async () => {
    throw new ConflictError("team name already taken");
  });
  router.get("/teapot", () => {
    throw new FiredrillError("short and stout", "teapot", 418, { spout: true });
  });
  router.get("/boom", async () => {
    throw new Error("secret internal detail at /srv/app/x.ts:12");
  });
  return router;
}

async function get(pathname: string): Promise<{ status: number; body: unknown; text: string; type: string }> {
  const res = await fetch(`${base}${pathname}`);
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, text, type, body: type.includes("json") ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-http-"));
  const url = `file:${path.join(tmp, "firedrill.db")}`;
  await migrateDatabase(url);
  db = await createDatabase(url);
  const { app } = createHttpApp({
    db,
    logger: silentLogger(),
    routes: [{ name: "probe", path: "/api/probe", router: probeRoutes() }],
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.$disconnect();
  await rm(tmp, { recursive: true, force: true });
});

describe("probes", () => {
  it("/healthz is always 200 ok", async () => {
    expect(await get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("/readyz is 200 when the database answers", async () => {
    expect(await get("/readyz")).toMatchObject({ status: 200, body: { status: "ready", checks: { database: "ok" } } });
  });
});

describe("route modules and errors", () => {
  it("serves a plugged-in route module", async () => {
    expect(await get("/api/probe/games/ABC123")).toMatchObject({ status: 200, body: { code: "ABC123" } });
  });

  it("parses JSON bodies for /api", async () => {
    const res = await fetch(`${base}/api/probe/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "red team" }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: "red team" });
  });

  it("answers unknown /api routes with a JSON 404", async () => {
    expect(await get("/api/nope?x=1")).toEqual(
      expect.objectContaining({ status: 404, body: { error: { code: "not-found", message: "no route for GET /api/nope" } } }),
    );
  });

  it("maps a FiredrillError to its status and code", async () => {
    expect(await get("/api/probe/conflict")).toMatchObject({
      status: 409,
      body: { error: { code: "conflict", message: "team name already taken" } },
    });
    expect(await get("/api/probe/teapot")).toMatchObject({
      status: 418,
      body: { error: { code: "teapot", message: "short and stout", details: { spout: true } } },
    });
  });

  it("maps a zod error to 400 invalid with the field path", async () => {
    const res = await fetch(`${base}/api/probe/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "" }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid");
    expect(body.error.message).toMatch(/^name: /);
  });

  it("answers malformed JSON with 400 invalid-json", async () => {
    const res = await fetch(`${base}/api/probe/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid-json");
  });

  it("answers unexpected errors with a generic 500 that leaks no stack or detail", async () => {
    const res = await get("/api/probe/boom");
    expect(res).toMatchObject({ status: 500, body: { error: { code: "internal", message: "internal server error" } } });
    expect(res.text).not.toMatch(/secret|srv\/app|at .*\.ts/);
  });
});

describe("/metrics", () => {
  it("exposes default process metrics and the request duration histogram", async () => {
    await get("/api/probe/games/XYZ");
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(res.text).toContain(`# TYPE ${HTTP_DURATION_METRIC} histogram`);
    // labelled by route pattern, not by raw URL
    expect(res.text).toMatch(
      new RegExp(`^${HTTP_DURATION_METRIC}_count\\{method="GET",route="/api/probe/games/:code",status_code="200"\\} [1-9]`, "m"),
    );
    expect(res.text).not.toContain("XYZ");
  });
});

describe("readiness without a database", () => {
  it("/readyz is 503 with the reason once the database is closed", async () => {
    await closeDatabase(db);
    expect(await get("/readyz")).toMatchObject({
      status: 503,
      body: { status: "unready", reason: "database: connection closed", checks: { database: "connection closed" } },
    });
    // liveness does not depend on the database
    expect((await get("/healthz")).status).toBe(200);
  });
});

describe("readiness checks added by other modules", () => {
  it("a failing or throwing extra check makes /readyz 503 and names it", async () => {
    const { app } = createHttpApp({
      db,
      logger: silentLogger(),
      readinessChecks: [
        { name: "cluster", check: async () => ({ ok: false, reason: "sim API server not started" }) },
        { name: "gateway", check: async () => { throw new Error("certificate missing"); } },
      ],
    });
    const other = http.createServer(app);
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        checks: { cluster: "sim API server not started", gateway: "certificate missing" },
        reason: expect.stringContaining("cluster: sim API server not started"),
      });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

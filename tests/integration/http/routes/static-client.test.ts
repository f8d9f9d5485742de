/**
 * The production client from dist/client (here a temp folder shaped like Vite's output): hashed
 * assets cached for a year, index.html never cached and served for client-side routes, while
 * /api, the probes and missing assets keep their own answers.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaticClientRoutes } from "../../../../server/src/http/index.js";
import type { TestFiredrill } from "../../../helpers/firedrill.js";
import { call, serveWithRoutes, startRestFiredrill } from "./harness.js";

const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const ASSET_JS = 'console.log("firedrill");';

let dir: string;
let fd: TestFiredrill;
let api: { base: string; close(): Promise<void> };
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-client-"));
  await mkdir(path.join(dir, "assets"));
  await writeFile(path.join(dir, "index.html"), INDEX_HTML);
  await writeFile(path.join(dir, "assets", "index-Ab12Cd.js"), ASSET_JS);
  await writeFile(path.join(dir, "favicon.svg"), "<svg/>");
  // the real product behind it, with the client served from the temp folder instead of dist/client
  fd = await startRestFiredrill();
  const client = createStaticClientRoutes({ dir });
  if (!client) throw new Error("the temp client folder has an index.html");
  api = await serveWithRoutes(fd, [client]);
});
afterAll(async () => {
  await api?.close();
  await fd?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("static client", () => {
  it.each(["/", "/play/ABC123", "/host/ABC123/console", "/debrief/abc?team=1"])("GET %s → index.html, no-cache", async (p) => {
    const res = await call(api.base, "GET", p);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.text).toBe(INDEX_HTML);
  });

  it("hashed assets: a year, immutable", async () => {
    const res = await call(api.base, "GET", "/assets/index-Ab12Cd.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.text).toBe(ASSET_JS);
  });

  it("a missing asset is a plain 404, never index.html", async () => {
    const res = await call(api.base, "GET", "/assets/index-Old999.js");
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("<html");
  });

  it("other files are served as they are, revalidated", async () => {
    const res = await call(api.base, "GET", "/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  it("/api keeps its JSON answers and 404s; probes still answer", async () => {
    expect((await call(api.base, "GET", "/api/nothing")).body).toMatchObject({ error: { code: "not-found" } });
    expect((await call(api.base, "GET", "/api")).status).toBe(404);
    expect((await call(api.base, "GET", "/api/scenarios")).body).toEqual(expect.any(Array));
    expect((await call(api.base, "GET", "/healthz")).body).toEqual({ status: "ok" });
  });

  it("only GET/HEAD fall back to the client", async () => {
    expect((await call(api.base, "HEAD", "/play/ABC123")).status).toBe(200);
    const post = await call(api.base, "POST", "/play/ABC123", { body: {} });
    expect(post.status).toBe(404);
    expect(post.text).not.toContain('id="root"'); // Express' own 404 page, not the app
  });

  it("no client build: no route module (the Vite dev server serves the client)", () => {
    expect(createStaticClientRoutes({ dir: path.join(dir, "missing") })).toBeUndefined();
  });
});

/**
 * The production web client (Vite's `dist/client`): hashed assets with a year-long immutable cache,
 * other files as they are, and index.html (never cached, so a deploy is picked up at once) for
 * every other GET outside /api, so client-side routes such as /play/ABC123 survive a reload.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import type { HttpRouteModule } from "../app.js";

/** Repository root: this file is server/src/http/routes/ or dist/server/http/routes/ once built. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
/** Where `vite build` writes the client (client/vite.config.ts). */
export const DEFAULT_CLIENT_DIR = path.join(REPO_ROOT, "dist", "client");
/** Cache lifetime of content-hashed files under /assets, in milliseconds: one year. */
export const ASSET_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
/** index.html and other unhashed files: revalidate on every use. */
const NO_CACHE = "no-cache";

export interface StaticClientOptions {
  /** Folder holding index.html and assets/; defaults to {@link DEFAULT_CLIENT_DIR}. */
  dir?: string;
}

/**
 * The client route module, or undefined when the folder has no index.html (development: Vite's
 * dev server serves the client and proxies /api here).
 */
export function createStaticClientRoutes(options: StaticClientOptions = {}): HttpRouteModule | undefined {
  const dir = path.resolve(options.dir ?? DEFAULT_CLIENT_DIR);
  const indexFile = path.join(dir, "index.html");
  if (!existsSync(indexFile)) return undefined;

  const router = Router();
  router.use(
    "/assets",
    express.static(path.join(dir, "assets"), { index: false, immutable: true, maxAge: ASSET_MAX_AGE_MS, fallthrough: true }),
    // a missing asset is a 404, never index.html: a browser would try to run HTML as a script
    (_req, res) => {
      res.status(404).type("text/plain").send("not found");
    },
  );
  router.use(
    express.static(dir, {
      index: false,
      setHeaders: (res) => {
        res.setHeader("Cache-Control", NO_CACHE);
      },
    }),
  );
  router.get("/{*splat}", (req, res, next) => {
    if (req.path === "/api" || req.path.startsWith("/api/")) {
      next(); // unknown API routes get the JSON 404
      return;
    }
    res.setHeader("Cache-Control", NO_CACHE);
    res.sendFile(indexFile);
  });
  return { name: "static-client", path: "/", router };
}

#!/usr/bin/env node
/**
 * `npm start`: runs Firedrill on embedded defaults (simulated cluster, SQLite in ./data, port 2567)
 * with no setup. Generates the Prisma clients when missing or stale, then runs the built
 * server (dist/server/main.js) when it is at least as new as the sources, else the TypeScript
 * sources through tsx, in this process so signals reach the server's own shutdown handling.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generatePrismaClients } from "./prisma-generate.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_MAIN = path.join(ROOT, "server", "src", "main.ts");
const BUILT_MAIN = path.join(ROOT, "dist", "server", "main.js");
const BUILT_CLIENT = path.join(ROOT, "dist", "client", "index.html");

function useBuild() {
  if (!existsSync(BUILT_MAIN)) return false;
  if (!existsSync(SOURCE_MAIN)) return true;
  // A build older than the sources would silently run stale code while developing.
  return statSync(BUILT_MAIN).mtimeMs >= statSync(SOURCE_MAIN).mtimeMs;
}

try {
  await generatePrismaClients({ log: (line) => console.error(line) });
} catch (err) {
  console.error(`firedrill: could not generate the Prisma clients: ${err.message}`);
  process.exit(1);
}

// A fresh clone has no client build: make one (a few seconds) so the first page people see works.
if (!existsSync(BUILT_CLIENT)) {
  console.error("firedrill: building the web client (first start)…");
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", path.join(ROOT, "client", "vite.config.ts"), "--logLevel", "warn"], { stdio: "inherit", cwd: ROOT });
  if (r.status !== 0) {
    console.error("firedrill: the client build failed; the API still starts, but the web pages will 404");
  }
}

let entry = BUILT_MAIN;
if (!useBuild()) {
  const { register } = await import("tsx/esm/api");
  register();
  entry = SOURCE_MAIN;
}
const { main } = await import(pathToFileURL(entry).href);
await main();

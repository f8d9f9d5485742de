#!/usr/bin/env node
/**
 * Generates both Prisma clients (server/src/generated/{sqlite,postgres}). Idempotent and fast:
 * a flavour is skipped when its generated client is newer than every input (models, its schema,
 * prisma.config.ts, the installed prisma version). `--force` regenerates regardless.
 *
 * DATABASE_URL is always set for the CLI, to a dummy of the right provider: the schema's
 * env("DATABASE_URL") must resolve or Prisma falls back to downloading engines (STACK.md
 * gotcha 17). `generate` never connects, so the URL need not point anywhere real.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");

const FLAVOURS = [
  { name: "sqlite", schemaDir: "prisma/sqlite", output: "server/src/generated/sqlite", url: "file:./data/prisma-generate.db" },
  { name: "postgres", schemaDir: "prisma/postgres", output: "server/src/generated/postgres", url: "postgresql://generate:generate@127.0.0.1:5432/generate" },
];

function mtimeMs(file) {
  try {
    return statSync(path.join(ROOT, file)).mtimeMs;
  } catch {
    return undefined;
  }
}

function isUpToDate(flavour) {
  const generated = mtimeMs(path.join(flavour.output, "client.ts"));
  if (generated === undefined) return false;
  const inputs = [
    "prisma/models.prisma",
    path.join(flavour.schemaDir, "schema.prisma"),
    "prisma.config.ts",
    "node_modules/prisma/package.json",
  ];
  return inputs.every((input) => (mtimeMs(input) ?? Infinity) < generated);
}

function generate(flavour) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_CLI, "generate", "--no-hints"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: flavour.url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma generate (${flavour.name}) exited with ${code}:\n${output}`)),
    );
  });
}

export async function generatePrismaClients({ force = false, log = console.log } = {}) {
  const stale = FLAVOURS.filter((f) => force || !isUpToDate(f));
  if (stale.length === 0) return [];
  const started = Date.now();
  await Promise.all(stale.map(generate));
  log(`prisma: generated ${stale.map((f) => f.name).join(" + ")} client${stale.length > 1 ? "s" : ""} in ${Date.now() - started} ms`);
  return stale.map((f) => f.name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generatePrismaClients({ force: process.argv.includes("--force") }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}

/**
 * Writes the next migration for BOTH providers after prisma/models.prisma changed:
 *
 *   npx tsx prisma/new-migration.ts <snake_name> [--from <old models.prisma>]
 *
 * The old models default to the last committed version (`git show HEAD:prisma/models.prisma`).
 * Each flavour gets `migrate diff --from-schema-datamodel <old> --to-schema-datamodel <new>
 * --script` (the shadow-database workflows are broken on Prisma 6.19's JS engine, STACK.md
 * gotcha 21). The PostgreSQL diff needs a live server because the CLI connects through the
 * adapter even to diff: set PRISMA_DIFF_PG_URL, or a throwaway cluster is started for it.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startThrowawayPostgres } from "../tests/integration/db/postgres-cluster.js";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
const FLAVOURS = [
  // the CLI opens the database even to diff: a scratch file in the temp dir
  { dir: "sqlite", url: async (tmp: string) => `file:${path.join(tmp, "diff.db")}` },
  { dir: "postgres", url: async (_tmp: string) => pgUrl() },
] as const;

let disposePg: (() => Promise<void>) | undefined;
async function pgUrl(): Promise<string> {
  if (process.env.PRISMA_DIFF_PG_URL) return process.env.PRISMA_DIFF_PG_URL;
  const started = await startThrowawayPostgres();
  if (!started.ok) throw new Error(`need PostgreSQL for the postgres diff: ${started.reason} (or set PRISMA_DIFF_PG_URL)`);
  disposePg = started.pg.dispose;
  return started.pg.url;
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npx tsx prisma/new-migration.ts <snake_name> [--from <old models.prisma>]");
  const fromIndex = args.indexOf("--from");
  const oldModels =
    fromIndex >= 0
      ? await readFile(path.resolve(args[fromIndex + 1] ?? ""), "utf8")
      : (await run("git", ["show", "HEAD:prisma/models.prisma"], { cwd: ROOT })).stdout;

  const tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-diff-"));
  const migration = `${timestamp()}_${name}`;
  try {
    for (const flavour of FLAVOURS) {
      const oldDir = path.join(tmp, flavour.dir);
      await mkdir(oldDir);
      await copyFile(path.join(ROOT, "prisma", flavour.dir, "schema.prisma"), path.join(oldDir, "schema.prisma"));
      await writeFile(path.join(oldDir, "models.prisma"), oldModels);
      const { stdout } = await run(
        process.execPath,
        [PRISMA_CLI, "migrate", "diff", "--from-schema-datamodel", oldDir, "--to-schema-datamodel", `prisma/${flavour.dir}`, "--script"],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: await flavour.url(tmp) } },
      );
      if (/^-- This is an empty migration\.\s*$/.test(stdout.trim()) || stdout.trim() === "") {
        console.log(`${flavour.dir}: no changes`);
        continue;
      }
      const outDir = path.join(ROOT, "prisma", flavour.dir, "migrations", migration);
      await mkdir(outDir, { recursive: true });
      await writeFile(path.join(outDir, "migration.sql"), stdout);
      console.log(`${flavour.dir}: wrote ${path.relative(ROOT, outDir)}/migration.sql`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await disposePg?.();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

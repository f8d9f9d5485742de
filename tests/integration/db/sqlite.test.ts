/** The SQLite path end to end: a real database file in a temp dir, migrated from nothing. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkDatabase,
  closeDatabase,
  createDatabase,
  migrateDatabase,
  readLocalMigrations,
  type Database,
} from "../../../server/src/db/index.js";
import {
  assertActivityBatch,
  assertAppendInsideTransaction,
  assertGameEventRequiresExistingGame,
  assertGameEventsAppendAndListInOrder,
  assertHealthy,
} from "./repository-contract.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-sqlite-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("SQLite database", () => {
  let url: string;
  let db: Database;

  beforeAll(async () => {
    // a directory that does not exist yet: migrate must create it
    url = `file:${path.join(tmp, "nested", "dir", "firedrill.db")}`;
    const result = await migrateDatabase(url);
    expect(result.provider).toBe("sqlite");
    expect(result.applied).toEqual((await readLocalMigrations("sqlite")).map((m) => m.name));
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.warnings).toEqual([]);
    db = await createDatabase(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("creates the file and its directory", () => {
    expect(existsSync(path.join(tmp, "nested", "dir", "firedrill.db"))).toBe(true);
  });

  it("answers the readiness check", () => assertHealthy(db));

  it("appends game events and lists them in append order", () => assertGameEventsAppendAndListInOrder(db));

  it("refuses events for a game that does not exist", () => assertGameEventRequiresExistingGame(db));

  it("writes activity in batches", () => assertActivityBatch(db));

  it("appends inside a transaction and rolls back with it", () => assertAppendInsideTransaction(db));

  it("re-migrating is a no-op that keeps the data", async () => {
    const before = await db.gameEvent.count();
    expect(before).toBeGreaterThan(0);
    const again = await migrateDatabase(url);
    expect(again.applied).toEqual([]);
    expect(again.warnings).toEqual([]);
    expect(await db.gameEvent.count()).toBe(before);
  });

  it("keeps Prisma's own bookkeeping: the Prisma CLI sees the database as up to date", async () => {
    const { stdout } = await run(process.execPath, [PRISMA_CLI, "migrate", "status"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
    expect(stdout).toMatch(/Database schema is up to date/);
  });

  it("reports a closed client as unready instead of reconnecting", async () => {
    const other = await createDatabase(url);
    expect(await checkDatabase(other)).toEqual({ ok: true });
    await closeDatabase(other);
    expect(await checkDatabase(other)).toEqual({ ok: false, reason: "connection closed" });
  });
});

describe("SQLite migration edge cases", () => {
  it("serialises concurrent migrators: each migration is applied exactly once", async () => {
    const url = `file:${path.join(tmp, "concurrent.db")}`;
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied).toEqual((await readLocalMigrations("sqlite")).map((m) => m.name));
    const db = await createDatabase(url);
    try {
      const rows = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT COUNT(*) AS n FROM "_prisma_migrations"`);
      expect(Number(rows[0]!.n)).toBe(applied.length);
    } finally {
      await db.$disconnect();
    }
  });

  it("resolves relative file: URLs against the given working directory", async () => {
    const result = await migrateDatabase("file:./rel/firedrill.db", { cwd: tmp });
    expect(result.applied.length).toBeGreaterThan(0);
    expect(existsSync(path.join(tmp, "rel", "firedrill.db"))).toBe(true);
  });

  it("rolls back a failing migration and names it, leaving the database untouched", async () => {
    const { mkdir, writeFile, cp } = await import("node:fs/promises");
    const prismaDir = path.join(tmp, "broken-prisma");
    await cp(path.join(ROOT, "prisma", "sqlite", "migrations"), path.join(prismaDir, "sqlite", "migrations"), { recursive: true });
    const badDir = path.join(prismaDir, "sqlite", "migrations", "29990101000000_broken");
    await mkdir(badDir);
    await writeFile(path.join(badDir, "migration.sql"), `CREATE TABLE "Ok" ("id" TEXT);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n`);
    const url = `file:${path.join(tmp, "broken.db")}`;
    await expect(migrateDatabase(url, { prismaDir })).rejects.toThrow(/database migration failed .*: migration 29990101000000_broken: .*NoSuchTable/);
    const db = await createDatabase(url);
    try {
      const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'table'`);
      // nothing from either migration survived, not even the statement before the failure
      expect(tables.map((t) => t.name).filter((n) => n !== "_prisma_migrations" && n !== "sqlite_sequence")).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  });
});

/**
 * Game, Team, Season and Player repositories on real databases: SQLite in a temp dir, and
 * PostgreSQL on a throwaway cluster (skipped, saying why, when PostgreSQL cannot be provided).
 * Also pins the upgrade path: a database filled under the first migration keeps its rows.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateDatabase, type Database, type DatabaseProvider } from "../../../server/src/db/index.js";
import {
  assertCascade,
  assertGameCodeIsUnique,
  assertGameCreateAndFind,
  assertGamePhaseStamps,
  assertGameSeasonMustExist,
  assertListRunningAndBySeason,
  assertPlayerUpsert,
  assertSeasons,
  assertTeams,
} from "./game-repositories-contract.js";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./postgres-cluster.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PROVIDER_FOLDER: Record<DatabaseProvider, string> = { sqlite: "sqlite", postgresql: "postgres" };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-repos-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function contract(getDb: () => Database): void {
  it("creates games and finds them by code and id", () => assertGameCreateAndFind(getDb()));
  it("refuses a taken game code with a DuplicateKeyError naming the column", () => assertGameCodeIsUnique(getDb()));
  it("refuses a season that does not exist", () => assertGameSeasonMustExist(getDb()));
  it("stamps startedAt/endedAt once on phase changes", () => assertGamePhaseStamps(getDb()));
  it("lists running, unfinished and per-season games", () => assertListRunningAndBySeason(getDb()));
  it("creates teams, keeps names/slugs unique per game, stores and finds hashed tokens", () => assertTeams(getDb()));
  it("creates and lists seasons", () => assertSeasons(getDb()));
  it("upserts players on join, only within their game", () => assertPlayerUpsert(getDb()));
  it("cascades a game's deletion to its teams and tokens", () => assertCascade(getDb()));
}

/** A copy of the provider's migrations folder holding only the first migration. */
async function firstMigrationOnly(provider: DatabaseProvider): Promise<string> {
  const folder = PROVIDER_FOLDER[provider];
  const prismaDir = path.join(tmp, `first-only-${folder}`);
  const src = path.join(ROOT, "prisma", folder, "migrations");
  const names = (await readdir(src)).filter((n) => /^\d{14}_/.test(n)).sort();
  await cp(path.join(src, names[0]!), path.join(prismaDir, folder, "migrations", names[0]!), { recursive: true });
  return prismaDir;
}

/** Fills a database migrated to the first migration, then applies the rest: rows survive, new columns backfilled. */
async function assertUpgradeKeepsRows(url: string, provider: DatabaseProvider): Promise<void> {
  await migrateDatabase(url, { prismaDir: await firstMigrationOnly(provider) });
  const db = await createDatabase(url);
  try {
    await db.$executeRawUnsafe(
      `INSERT INTO "Game" ("id", "code", "name", "hostKeyHash", "settings", "phase") VALUES ('g1', 'OLD001', 'old', 'h', '{}', 'running')`,
    );
    await db.$executeRawUnsafe(`INSERT INTO "Team" ("id", "gameId", "name", "namespace", "tokenHash") VALUES ('t1', 'g1', 'Red', 'fd-old-red', 'th1')`);
    await db.$executeRawUnsafe(`INSERT INTO "Team" ("id", "gameId", "name", "namespace", "tokenHash") VALUES ('t2', 'g1', 'Blue', 'fd-old-blue', 'th2')`);
    await db.$executeRawUnsafe(
      `INSERT INTO "GameEvent" ("gameId", "at", "kind", "payload") VALUES ('g1', CURRENT_TIMESTAMP, 'game-started', '{}')`,
    );
    const result = await migrateDatabase(url);
    expect(result.applied.length).toBeGreaterThan(0);
    const { GameRepository, TeamRepository } = await import("../../../server/src/db/index.js");
    expect(await new GameRepository(db).findByCode("OLD001")).toMatchObject({ id: "g1", phase: "running", seed: "", scenarioIds: [] });
    expect((await new TeamRepository(db).listByGame("g1")).map((t) => [t.name, t.slug])).toEqual(
      expect.arrayContaining([
        ["Red", "t1"],
        ["Blue", "t2"],
      ]),
    );
    expect((await new TeamRepository(db).findByTokenHash("g1", "th2"))?.id).toBe("t2");
    // the history survives too (a table redefinition used to cascade-delete it on SQLite)
    expect(await db.gameEvent.count({ where: { gameId: "g1" } })).toBe(1);
  } finally {
    await db.$disconnect();
  }
}

describe("repositories on SQLite", () => {
  let db: Database;
  beforeAll(async () => {
    const url = `file:${path.join(tmp, "repos.db")}`;
    await migrateDatabase(url);
    db = await createDatabase(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });
  contract(() => db);
  it("upgrades a filled database from the first migration", () => assertUpgradeKeepsRows(`file:${path.join(tmp, "upgrade.db")}`, "sqlite"));
});

const started = await startThrowawayPostgres();
if (!started.ok) console.warn(`[game-repositories.test] PostgreSQL skipped: ${started.reason}`);

describe.skipIf(!started.ok)("repositories on PostgreSQL", () => {
  const cluster = (started as { pg: ThrowawayPostgres }).pg;
  let db: Database;
  beforeAll(async () => {
    await migrateDatabase(cluster.url);
    db = await createDatabase(cluster.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await cluster?.dispose();
  });
  contract(() => db);
  it("upgrades a filled database from the first migration", async () =>
    assertUpgradeKeepsRows(await cluster.createDatabase("firedrill_upgrade"), "postgresql"));
});

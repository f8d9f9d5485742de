/**
 * The start-up migrator applies pending migrations in one transaction; on SQLite that makes the
 * `PRAGMA foreign_keys=OFF` in Prisma's "RedefineTables" migrations a no-op. These tests pin that
 * migrate.ts turns enforcement off before the transaction (so redefining a referenced table keeps
 * its children) and checks foreign keys before committing (so a migration cannot leave dangling rows).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateDatabase } from "../../../server/src/db/index.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Exactly what `prisma migrate diff` emits when a column of "Game" changes in a way ALTER TABLE cannot express. */
const REDEFINE_GAME = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Game" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "seasonId" TEXT,
    "hostKeyHash" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'lobby',
    "packId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "seed" TEXT NOT NULL DEFAULT '',
    "scenarioIds" JSONB NOT NULL DEFAULT '[]',
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Game_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Game" ("id", "code", "name", "seasonId", "hostKeyHash", "settings", "phase", "packId", "createdAt", "startedAt", "endedAt", "seed", "scenarioIds")
  SELECT "id", "code", "name", "seasonId", "hostKeyHash", "settings", "phase", "packId", "createdAt", "startedAt", "endedAt", "seed", "scenarioIds" FROM "Game";
DROP TABLE "Game";
ALTER TABLE "new_Game" RENAME TO "Game";
CREATE UNIQUE INDEX "Game_code_key" ON "Game"("code");
CREATE INDEX "Game_seasonId_idx" ON "Game"("seasonId");
CREATE INDEX "Game_phase_idx" ON "Game"("phase");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-sqlite-fk-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A prisma dir with the committed migrations, to which a test adds its own. */
async function prismaDirWithCommittedMigrations(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(path.join(ROOT, "prisma", "sqlite", "migrations"), path.join(dir, "sqlite", "migrations"), { recursive: true });
  return dir;
}

async function addMigration(prismaDir: string, name: string, sql: string): Promise<void> {
  const dir = path.join(prismaDir, "sqlite", "migrations", name);
  await mkdir(dir);
  await writeFile(path.join(dir, "migration.sql"), sql);
}

const CHILD_TABLES = ["Team", "Player", "Incident", "GameEvent", "TeamToken"] as const;

/** Migrates a fresh database and fills one game with a row in every table that references it. */
async function populatedDatabase(url: string, prismaDir: string): Promise<void> {
  await migrateDatabase(url, { prismaDir });
  const db = await createDatabase(url);
  try {
    await db.$executeRawUnsafe(`INSERT INTO "Season" ("id", "name") VALUES ('s1', 'Spring')`);
    await db.$executeRawUnsafe(
      `INSERT INTO "Game" ("id", "code", "name", "seasonId", "hostKeyHash", "settings", "seed", "scenarioIds") VALUES ('g1', 'ABC123', 'Drill', 's1', 'h', '{}', 'seed', '[]')`,
    );
    await db.$executeRawUnsafe(`INSERT INTO "Team" ("id", "gameId", "name", "namespace", "tokenHash", "slug") VALUES ('t1', 'g1', 'Red', 'team-red', 'th', 'red')`);
    await db.$executeRawUnsafe(`INSERT INTO "TeamToken" ("id", "teamId", "tokenHash") VALUES ('tt1', 't1', 'tth')`);
    await db.$executeRawUnsafe(`INSERT INTO "Player" ("id", "teamId", "gameId", "name", "role") VALUES ('p1', 't1', 'g1', 'Ada', 'player')`);
    await db.$executeRawUnsafe(
      `INSERT INTO "Incident" ("id", "gameId", "teamId", "scenarioId", "params", "injectedAt", "status") VALUES ('i1', 'g1', 't1', 'oom', '{}', CURRENT_TIMESTAMP, 'open')`,
    );
    await db.$executeRawUnsafe(`INSERT INTO "GameEvent" ("gameId", "teamId", "at", "kind", "payload") VALUES ('g1', 't1', CURRENT_TIMESTAMP, 'game-started', '{}')`);
  } finally {
    await db.$disconnect();
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  const db = await createDatabase(url);
  try {
    const out: Record<string, number> = {};
    for (const table of ["Game", ...CHILD_TABLES]) {
      const rows = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT COUNT(*) AS n FROM "${table}"`);
      out[table] = Number(rows[0]!.n);
    }
    return out;
  } finally {
    await db.$disconnect();
  }
}

async function appliedNames(url: string): Promise<string[]> {
  const db = await createDatabase(url);
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    return rows.map((r) => r.migration_name);
  } finally {
    await db.$disconnect();
  }
}

const ONE_OF_EACH = { Game: 1, Team: 1, Player: 1, Incident: 1, GameEvent: 1, TeamToken: 1 };

describe("SQLite migrations and foreign keys", () => {
  it("a RedefineTables migration of a referenced table keeps every child row", async () => {
    const prismaDir = await prismaDirWithCommittedMigrations("redefine");
    const url = `file:${path.join(tmp, "redefine.db")}`;
    await populatedDatabase(url, prismaDir);
    expect(await counts(url)).toEqual(ONE_OF_EACH);

    await addMigration(prismaDir, "29990101000000_redefine_game", REDEFINE_GAME);
    const result = await migrateDatabase(url, { prismaDir });
    expect(result.applied).toEqual(["29990101000000_redefine_game"]);
    expect(await counts(url)).toEqual(ONE_OF_EACH);

    // the redefined table is the one in use, and the children still point at it
    const db = await createDatabase(url);
    try {
      const rows = await db.$queryRawUnsafe<Array<{ note: string; team: string }>>(
        `SELECT g."note" AS note, t."name" AS team FROM "Game" g JOIN "Team" t ON t."gameId" = g."id"`,
      );
      expect(rows).toEqual([{ note: "", team: "Red" }]);
      // enforcement is back on for the application's connections: a cascade still works
      await db.$executeRawUnsafe(`DELETE FROM "Game" WHERE "id" = 'g1'`);
    } finally {
      await db.$disconnect();
    }
    expect(await counts(url)).toEqual({ Game: 0, Team: 0, Player: 0, Incident: 0, GameEvent: 0, TeamToken: 0 });
  });

  it("refuses to commit a migration that leaves dangling references, naming them, and rolls everything back", async () => {
    const prismaDir = await prismaDirWithCommittedMigrations("dangling");
    const url = `file:${path.join(tmp, "dangling.db")}`;
    await populatedDatabase(url, prismaDir);
    const before = await appliedNames(url);

    await addMigration(prismaDir, "29990101000000_redefine_game", REDEFINE_GAME);
    // drops the game its teams point at, with enforcement off: only the check can notice
    await addMigration(prismaDir, "29990102000000_drop_game_rows", `DELETE FROM "Game" WHERE "id" = 'g1';\n`);
    const failure = migrateDatabase(url, { prismaDir });
    await expect(failure).rejects.toThrow(/foreign key check failed after migrating \(\d+ violation\(s\)\)/);
    await expect(failure).rejects.toThrow(/"Team" row \d+ references a missing row in "Game"/);

    expect(await counts(url)).toEqual(ONE_OF_EACH);
    expect(await appliedNames(url)).toEqual(before);
  });
});

-- Hand-written from `prisma migrate diff` output. Prisma redefines "Game" and "Team" (CREATE new_…,
-- copy, DROP, RENAME) relying on `PRAGMA foreign_keys=OFF`, but the start-up migrator applies
-- pending migrations inside one transaction, where that pragma is a no-op: DROP TABLE "Game" would
-- cascade-delete every Team, Player, Incident and GameEvent (pinned by
-- tests/integration/db/game-repositories.test.ts "upgrades a filled database"). ADD COLUMN keeps
-- the rows. Resulting schema = the diff's, except column order and slug's DEFAULT '' (ADD COLUMN
-- NOT NULL needs a default; every row is backfilled and the repository always sets it).

-- AlterTable
ALTER TABLE "Game" ADD COLUMN "seed" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Game" ADD COLUMN "scenarioIds" JSONB NOT NULL DEFAULT '[]';

-- AlterTable: existing teams get their id as slug (unique within the game, as the new index needs)
ALTER TABLE "Team" ADD COLUMN "slug" TEXT NOT NULL DEFAULT '';
UPDATE "Team" SET "slug" = "id";

-- AlterTable
ALTER TABLE "Player" ADD COLUMN "lastSeenAt" DATETIME;

-- CreateTable
CREATE TABLE "TeamToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TeamToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_gameId_slug_key" ON "Team"("gameId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "TeamToken_tokenHash_key" ON "TeamToken"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamToken_teamId_idx" ON "TeamToken"("teamId");

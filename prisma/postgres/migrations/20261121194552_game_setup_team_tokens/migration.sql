-- AlterTable
ALTER TABLE "Game" ADD COLUMN     "scenarioIds" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "seed" TEXT NOT NULL DEFAULT '';

-- AlterTable
-- Hand-edited: existing teams get their id as slug (unique within the game), then the column turns NOT NULL.
ALTER TABLE "Team" ADD COLUMN     "slug" TEXT;
UPDATE "Team" SET "slug" = "id";
ALTER TABLE "Team" ALTER COLUMN "slug" SET NOT NULL;

-- AlterTable
ALTER TABLE "Player" ADD COLUMN     "lastSeenAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "TeamToken" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TeamToken_tokenHash_key" ON "TeamToken"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamToken_teamId_idx" ON "TeamToken"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_gameId_slug_key" ON "Team"("gameId", "slug");

-- AddForeignKey
ALTER TABLE "TeamToken" ADD CONSTRAINT "TeamToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;


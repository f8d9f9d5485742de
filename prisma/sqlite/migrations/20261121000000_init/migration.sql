-- CreateTable
CREATE TABLE "Season" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Game" (
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
    CONSTRAINT "Game_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gameId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Team_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Player" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT,
    "gameId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Player_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Player_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gameId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "injectedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "diagnosedAt" DATETIME,
    "recoveredAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Incident_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Incident_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "gameId" TEXT,
    "teamId" TEXT,
    "at" DATETIME NOT NULL,
    "verb" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "subresource" TEXT,
    "namespace" TEXT,
    "name" TEXT,
    "kubectlCommand" TEXT,
    "session" TEXT,
    "code" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "outOfBounds" BOOLEAN NOT NULL DEFAULT false,
    "userAgent" TEXT
);

-- CreateTable
CREATE TABLE "GameEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "gameId" TEXT NOT NULL,
    "teamId" TEXT,
    "incidentId" TEXT,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    CONSTRAINT "GameEvent_gameId_fkey" FOREIGN KEY ("gameId") REFERENCES "Game" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Game_code_key" ON "Game"("code");

-- CreateIndex
CREATE INDEX "Game_seasonId_idx" ON "Game"("seasonId");

-- CreateIndex
CREATE INDEX "Game_phase_idx" ON "Game"("phase");

-- CreateIndex
CREATE UNIQUE INDEX "Team_tokenHash_key" ON "Team"("tokenHash");

-- CreateIndex
CREATE INDEX "Team_namespace_idx" ON "Team"("namespace");

-- CreateIndex
CREATE UNIQUE INDEX "Team_gameId_name_key" ON "Team"("gameId", "name");

-- CreateIndex
CREATE INDEX "Player_gameId_idx" ON "Player"("gameId");

-- CreateIndex
CREATE INDEX "Player_teamId_idx" ON "Player"("teamId");

-- CreateIndex
CREATE INDEX "Incident_gameId_idx" ON "Incident"("gameId");

-- CreateIndex
CREATE INDEX "Incident_teamId_idx" ON "Incident"("teamId");

-- CreateIndex
CREATE INDEX "Activity_gameId_at_idx" ON "Activity"("gameId", "at");

-- CreateIndex
CREATE INDEX "Activity_teamId_at_idx" ON "Activity"("teamId", "at");

-- CreateIndex
CREATE INDEX "GameEvent_gameId_seq_idx" ON "GameEvent"("gameId", "seq");


/** Persistence: the only module that imports Prisma. */
export { createDatabase, closeDatabase, type Database } from "./client.js";
export { migrateDatabase, readLocalMigrations, PRISMA_DIR, type MigrateResult, type MigrateOptions } from "./migrate.js";
export { checkDatabase, DATABASE_CHECK_TIMEOUT_MS, type DatabaseCheck } from "./health.js";
export { databaseProvider, sqliteFilePath, redactDatabaseUrl, type DatabaseProvider } from "./database-url.js";
export { GameEventRepository, type NewGameEvent, type GameEventRecord, type ListGameEventsOptions } from "./game-event-repository.js";
export { ActivityRepository, type NewActivity, type ActivityRecord } from "./activity-repository.js";
export type { JsonValue, JsonObject } from "./json.js";
export { DuplicateKeyError } from "./prisma-errors.js";
export {
  GameRepository,
  GAME_PHASES,
  RUNNING_PHASES,
  UNFINISHED_PHASES,
  phaseStamps,
  type NewGame,
  type GameRecord,
  type StoredGamePhase,
} from "./game-repository.js";
export { TeamRepository, type NewTeam, type TeamRecord, type TeamTokenHash } from "./team-repository.js";
export { SeasonRepository, type SeasonRecord } from "./season-repository.js";
export { PlayerRepository, PLAYER_ROLES, type PlayerJoin, type PlayerRecord, type PlayerRole } from "./player-repository.js";
export {
  seasonStandings,
  seasonTeamKey,
  type SeasonGameResult,
  type SeasonTeamResult,
  type SeasonIncidentResult,
  type SeasonStanding,
} from "./season-standings.js";

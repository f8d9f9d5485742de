/**
 * Games: one row per game session, found by its join code. The row holds what a restarted server
 * needs to rebuild the room (seed, scenario ids, settings, phase); scores come from GameEvents.
 * Secrets are stored hashed only (hostKeyHash).
 */
import { NotFoundError, ValidationError } from "../core/index.js";
import type { Database } from "./client.js";
import type { JsonObject, JsonValue } from "./json.js";
import { DuplicateKeyError, isForeignKeyViolation, isRecordNotFound, uniqueViolationFields } from "./prisma-errors.js";

/** Game phases as stored (the same strings as the protocol's GamePhase). */
export const GAME_PHASES = ["lobby", "running", "paused", "ended"] as const;
export type StoredGamePhase = (typeof GAME_PHASES)[number];
/** Phases a restarted server must bring back up with live incident clocks. */
export const RUNNING_PHASES: readonly StoredGamePhase[] = ["running", "paused"];
/** Phases of a game that has not ended (lobbies are restored too, so teams can still join). */
export const UNFINISHED_PHASES: readonly StoredGamePhase[] = ["lobby", "running", "paused"];

export interface NewGame {
  /** Join code, unique across games; stored exactly as given (callers upper-case it). */
  code: string;
  name: string;
  /** SHA-256 of the host key (core `hashToken`); never the key itself. */
  hostKeyHash: string;
  seed: string;
  packId?: string | null;
  scenarioIds: readonly string[];
  /** Plain JSON (validated GameSettings). */
  settings: JsonObject;
  seasonId?: string | null;
}

export interface GameRecord {
  id: string;
  code: string;
  name: string;
  hostKeyHash: string;
  seed: string;
  packId: string | null;
  scenarioIds: string[];
  settings: { [key: string]: JsonValue };
  seasonId: string | null;
  phase: StoredGamePhase;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export class GameRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "game">) {}

  /**
   * @throws DuplicateKeyError (409, fields ["code"]) when the code is taken: draw another and retry.
   * @throws NotFoundError when `seasonId` names no season.
   */
  async create(game: NewGame): Promise<GameRecord> {
    try {
      const row = await this.db.game.create({
        data: {
          code: game.code,
          name: game.name,
          hostKeyHash: game.hostKeyHash,
          seed: game.seed,
          packId: game.packId ?? null,
          scenarioIds: [...game.scenarioIds],
          settings: toJsonObject(game.settings),
          seasonId: game.seasonId ?? null,
        },
      });
      return toRecord(row);
    } catch (err) {
      const fields = uniqueViolationFields(err);
      if (fields) throw new DuplicateKeyError(`game code ${game.code} is already taken`, fields.length ? fields : ["code"]);
      if (isForeignKeyViolation(err)) throw new NotFoundError(`season ${game.seasonId} not found`);
      throw err;
    }
  }

  async findByCode(code: string): Promise<GameRecord | null> {
    const row = await this.db.game.findUnique({ where: { code } });
    return row ? toRecord(row) : null;
  }

  async findById(id: string): Promise<GameRecord | null> {
    const row = await this.db.game.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /**
   * Records a phase change. The first change to "running" stamps `startedAt`, the first to "ended"
   * stamps `endedAt`; later changes keep those stamps. Transition rules belong to the game module.
   * @throws NotFoundError when the game does not exist.
   */
  async setPhase(id: string, phase: StoredGamePhase, at: Date): Promise<GameRecord> {
    if (!GAME_PHASES.includes(phase)) throw new ValidationError(`unknown game phase "${String(phase)}"`);
    const current = await this.db.game.findUnique({ where: { id }, select: { startedAt: true, endedAt: true } });
    if (!current) throw new NotFoundError(`game ${id} not found`);
    try {
      const row = await this.db.game.update({ where: { id }, data: { phase, ...phaseStamps(current, phase, at) } });
      return toRecord(row);
    } catch (err) {
      if (isRecordNotFound(err)) throw new NotFoundError(`game ${id} not found`);
      throw err;
    }
  }

  /** Games in "running" or "paused", oldest first: what a restarted server resumes. */
  async listRunning(): Promise<GameRecord[]> {
    return this.listInPhases(RUNNING_PHASES);
  }

  /** Games not ended yet (lobby, running, paused), oldest first. */
  async listUnfinished(): Promise<GameRecord[]> {
    return this.listInPhases(UNFINISHED_PHASES);
  }

  /** A season's games, oldest first. */
  async listBySeason(seasonId: string): Promise<GameRecord[]> {
    const rows = await this.db.game.findMany({ where: { seasonId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(toRecord);
  }

  private async listInPhases(phases: readonly StoredGamePhase[]): Promise<GameRecord[]> {
    const rows = await this.db.game.findMany({ where: { phase: { in: [...phases] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(toRecord);
  }
}

/** Which timestamps a phase change sets: only the first start and the first end are kept. Pure. */
export function phaseStamps(
  current: { startedAt: Date | null; endedAt: Date | null },
  phase: StoredGamePhase,
  at: Date,
): { startedAt?: Date; endedAt?: Date } {
  const stamps: { startedAt?: Date; endedAt?: Date } = {};
  if (phase === "running" && current.startedAt === null) stamps.startedAt = at;
  if (phase === "ended" && current.endedAt === null) stamps.endedAt = at;
  return stamps;
}

type GameRow = Awaited<ReturnType<Database["game"]["create"]>>;

function toRecord(row: GameRow): GameRecord {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    hostKeyHash: row.hostKeyHash,
    seed: row.seed,
    packId: row.packId,
    scenarioIds: stringArray(row.scenarioIds),
    settings: isJsonObject(row.settings) ? row.settings : {},
    seasonId: row.seasonId,
    phase: storedPhase(row),
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}

/** A phase outside GAME_PHASES means the row was edited by hand: fail loudly rather than guess. */
function storedPhase(row: { code: string; phase: string }): StoredGamePhase {
  if ((GAME_PHASES as readonly string[]).includes(row.phase)) return row.phase as StoredGamePhase;
  throw new Error(`game ${row.code} has an unknown phase "${row.phase}" in the database`);
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Normalises to plain JSON so both providers store exactly what a reader will get back. */
function toJsonObject(value: JsonObject): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}

/**
 * The append-only game history. Events are written before the state change they describe, and
 * scores, replays and debriefs are derived from them, so this module deliberately exports no
 * way to update or delete an event.
 */
import type { Database } from "./client.js";
import type { JsonObject, JsonValue } from "./json.js";

export interface NewGameEvent {
  gameId: string;
  teamId?: string | null;
  incidentId?: string | null;
  at: Date;
  /** kebab-case kind, e.g. "incident-injected". */
  kind: string;
  /** Plain JSON (Dates become strings; undefined fields are dropped). */
  payload: JsonObject;
}

export interface GameEventRecord {
  /** Global, strictly increasing order of appends. */
  seq: number;
  gameId: string;
  teamId: string | null;
  incidentId: string | null;
  at: Date;
  kind: string;
  payload: JsonValue;
}

export interface ListGameEventsOptions {
  /** Only events with seq greater than this (resume a replay). */
  afterSeq?: number;
}

export class GameEventRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "gameEvent">) {}

  async append(event: NewGameEvent): Promise<GameEventRecord> {
    const row = await this.db.gameEvent.create({
      data: {
        gameId: event.gameId,
        teamId: event.teamId ?? null,
        incidentId: event.incidentId ?? null,
        at: event.at,
        kind: event.kind,
        payload: toJson(event.payload),
      },
    });
    return toRecord(row);
  }

  /** Every event of a game in append order. */
  async listForGame(gameId: string, options: ListGameEventsOptions = {}): Promise<GameEventRecord[]> {
    const rows = await this.db.gameEvent.findMany({
      where: { gameId, ...(options.afterSeq === undefined ? {} : { seq: { gt: options.afterSeq } }) },
      orderBy: { seq: "asc" },
    });
    return rows.map(toRecord);
  }
}

type GameEventRow = Awaited<ReturnType<Database["gameEvent"]["create"]>>;

function toRecord(row: GameEventRow): GameEventRecord {
  return {
    seq: row.seq,
    gameId: row.gameId,
    teamId: row.teamId,
    incidentId: row.incidentId,
    at: row.at,
    kind: row.kind,
    payload: row.payload as JsonValue,
  };
}

/** Normalises to plain JSON so both providers store exactly what a reader will get back. */
function toJson(payload: JsonObject): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(payload)) as { [key: string]: JsonValue };
}

/**
 * The runtime's EventLog on the database: drafts are appended in one transaction, in order, and read
 * back as validated GameEvents. The log is append-only: nothing here updates or deletes.
 */
import { GameEventRepository, type Database, type GameEventRecord, type JsonObject } from "../db/index.js";
import { parseGameEvent, type EventLog, type GameEvent, type GameEventDraft } from "../engine/index.js";

export function toGameEvent(r: GameEventRecord): GameEvent {
  return parseGameEvent({
    ...(r.payload as JsonObject),
    type: r.kind,
    seq: r.seq,
    gameId: r.gameId,
    at: r.at.getTime(),
    ...(r.teamId ? { teamId: r.teamId } : {}),
    ...(r.incidentId ? { incidentId: r.incidentId } : {}),
  });
}

export function databaseEventLog(db: Database, gameId: string): EventLog {
  return {
    async append(drafts: readonly GameEventDraft[]): Promise<GameEvent[]> {
      // Validate before writing: a malformed event is a bug and must never reach the log.
      const checked = drafts.map((d) => parseGameEvent({ ...d, seq: 0, gameId }));
      const records = await db.$transaction(async (tx) => {
        const repo = new GameEventRepository(tx);
        const out: GameEventRecord[] = [];
        for (const e of checked) {
          const { type, seq: _seq, gameId: _g, at, teamId, ...rest } = e as GameEvent & { incidentId?: string };
          const incidentId = "incidentId" in e ? (e as { incidentId?: string }).incidentId : undefined;
          out.push(
            await repo.append({
              gameId,
              teamId: teamId ?? null,
              incidentId: incidentId ?? null,
              at: new Date(at),
              kind: type,
              payload: JSON.parse(JSON.stringify(rest)) as JsonObject,
            }),
          );
        }
        return out;
      });
      return records.map(toGameEvent);
    },
  };
}

export async function loadGameEvents(db: Database, gameId: string): Promise<GameEvent[]> {
  const records = await new GameEventRepository(db).listForGame(gameId);
  return records.map(toGameEvent);
}

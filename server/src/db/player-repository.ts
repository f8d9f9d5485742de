/**
 * Players who joined a game's room. Written on join (and re-join); who is online right now is the
 * room's business, not the database's.
 */
import type { Database } from "./client.js";

export const PLAYER_ROLES = ["player", "host", "screen"] as const;
export type PlayerRole = (typeof PLAYER_ROLES)[number];

export interface PlayerJoin {
  /** The id handed out on an earlier join (kept by the client to re-join); omitted on a first join. */
  playerId?: string | null;
  gameId: string;
  teamId?: string | null;
  name: string;
  role: PlayerRole;
  /** When the join happened. */
  at: Date;
}

export interface PlayerRecord {
  id: string;
  gameId: string;
  teamId: string | null;
  name: string;
  role: string;
  createdAt: Date;
  lastSeenAt: Date | null;
}

const PLAYER_FIELDS = { id: true, gameId: true, teamId: true, name: true, role: true, createdAt: true, lastSeenAt: true } as const;

export class PlayerRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "player">) {}

  /**
   * Records a join. A known `playerId` of the same game updates that player (name, team, role,
   * lastSeenAt); an unknown one, or one from another game, starts a new player: ids come from
   * clients, so they may only ever find their own game's rows.
   */
  async upsert(join: PlayerJoin): Promise<PlayerRecord> {
    const data = { teamId: join.teamId ?? null, name: join.name, role: join.role, lastSeenAt: join.at };
    if (join.playerId) {
      const updated = await this.db.player.updateMany({ where: { id: join.playerId, gameId: join.gameId }, data });
      if (updated.count === 1) {
        const row = await this.db.player.findUnique({ where: { id: join.playerId }, select: PLAYER_FIELDS });
        if (row) return row;
      }
    }
    return this.db.player.create({ data: { gameId: join.gameId, createdAt: join.at, ...data }, select: PLAYER_FIELDS });
  }

  /** A game's players in joining order. */
  async listByGame(gameId: string): Promise<PlayerRecord[]> {
    return this.db.player.findMany({ where: { gameId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: PLAYER_FIELDS });
  }

  async listByTeam(teamId: string): Promise<PlayerRecord[]> {
    return this.db.player.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: PLAYER_FIELDS });
  }
}

/** Seasons: a classroom's series of games, for the cross-game leaderboard. */
import type { Database } from "./client.js";

export interface SeasonRecord {
  id: string;
  name: string;
  createdAt: Date;
}

const SEASON_FIELDS = { id: true, name: true, createdAt: true } as const;

export class SeasonRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "season">) {}

  async create(season: { name: string }): Promise<SeasonRecord> {
    return this.db.season.create({ data: { name: season.name }, select: SEASON_FIELDS });
  }

  /** Every season, newest first (the one a class is in now is usually the latest). */
  async list(): Promise<SeasonRecord[]> {
    return this.db.season.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: SEASON_FIELDS });
  }

  async findById(id: string): Promise<SeasonRecord | null> {
    return this.db.season.findUnique({ where: { id }, select: SEASON_FIELDS });
  }
}

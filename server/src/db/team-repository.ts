/**
 * Teams of a game and their bearer tokens. Tokens are stored as SHA-256 hashes only: the
 * registration token on the Team row, further ones (e.g. a kubeconfig the host downloaded for the
 * team) as TeamToken rows. Either hash authenticates the team.
 */
import { NotFoundError } from "../core/index.js";
import type { Database } from "./client.js";
import { DuplicateKeyError, isForeignKeyViolation, uniqueViolationFields } from "./prisma-errors.js";

export interface NewTeam {
  gameId: string;
  name: string;
  /** DNS-safe form of the name, unique within the game. */
  slug: string;
  namespace: string;
  /** SHA-256 of the team token (core `hashToken`); never the token itself. */
  tokenHash: string;
}

export interface TeamRecord {
  id: string;
  gameId: string;
  name: string;
  slug: string;
  namespace: string;
  createdAt: Date;
}

/** One stored token hash of a team, for loading the gateway's authenticator on start. */
export interface TeamTokenHash {
  teamId: string;
  tokenHash: string;
}

const TEAM_FIELDS = { id: true, gameId: true, name: true, slug: true, namespace: true, createdAt: true } as const;

export class TeamRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "team" | "teamToken">) {}

  /**
   * @throws DuplicateKeyError (409) when the name or slug is taken in this game (fields name the constraint).
   * @throws NotFoundError when the game does not exist.
   */
  async create(team: NewTeam): Promise<TeamRecord> {
    try {
      return await this.db.team.create({
        data: { gameId: team.gameId, name: team.name, slug: team.slug, namespace: team.namespace, tokenHash: team.tokenHash },
        select: TEAM_FIELDS,
      });
    } catch (err) {
      const fields = uniqueViolationFields(err);
      if (fields) throw await this.duplicateError(team, fields);
      if (isForeignKeyViolation(err)) throw new NotFoundError(`game ${team.gameId} not found`);
      throw err;
    }
  }

  /**
   * A taken name also takes its slug, and the database reports whichever index it checked first
   * (SQLite: the slug): look the name up so the error says what the caller can fix.
   */
  private async duplicateError(team: NewTeam, fields: string[]): Promise<DuplicateKeyError> {
    if (fields.includes("tokenHash")) return new DuplicateKeyError("token already registered", fields);
    const sameName = fields.includes("name") || (await this.db.team.count({ where: { gameId: team.gameId, name: team.name } })) > 0;
    if (sameName) return new DuplicateKeyError(`team name "${team.name}" is already taken in this game`, ["gameId", "name"]);
    return new DuplicateKeyError(`team name "${team.name}" is too close to another team's name in this game`, fields);
  }

  /** A game's teams in joining order. */
  async listByGame(gameId: string): Promise<TeamRecord[]> {
    return this.db.team.findMany({ where: { gameId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: TEAM_FIELDS });
  }

  async countByGame(gameId: string): Promise<number> {
    return this.db.team.count({ where: { gameId } });
  }

  async findById(id: string): Promise<TeamRecord | null> {
    return this.db.team.findUnique({ where: { id }, select: TEAM_FIELDS });
  }

  /**
   * Stores one more token hash for the team.
   * @throws NotFoundError when the team does not exist; DuplicateKeyError when the hash is already stored.
   */
  async addToken(teamId: string, tokenHash: string): Promise<void> {
    try {
      await this.db.teamToken.create({ data: { teamId, tokenHash } });
    } catch (err) {
      if (uniqueViolationFields(err)) throw new DuplicateKeyError("token already registered", ["tokenHash"]);
      if (isForeignKeyViolation(err)) throw new NotFoundError(`team ${teamId} not found`);
      throw err;
    }
  }

  /** The game's team that `tokenHash` (registration or additional token) belongs to, or null. */
  async findByTokenHash(gameId: string, tokenHash: string): Promise<TeamRecord | null> {
    return this.db.team.findFirst({
      where: { gameId, OR: [{ tokenHash }, { tokens: { some: { tokenHash } } }] },
      select: TEAM_FIELDS,
    });
  }

  /** Every token hash of every team of the game (registration first, then additional, oldest first). */
  async listTokenHashes(gameId: string): Promise<TeamTokenHash[]> {
    const teams = await this.db.team.findMany({
      where: { gameId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, tokenHash: true, tokens: { select: { tokenHash: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    return teams.flatMap((t) => [
      { teamId: t.id, tokenHash: t.tokenHash },
      ...t.tokens.map((k) => ({ teamId: t.id, tokenHash: k.tokenHash })),
    ]);
  }
}

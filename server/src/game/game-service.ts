/**
 * The game module's service: creates games and teams, owns the running GameRuntimes and their rooms,
 * answers the REST layer (GameServiceApi) and restores unfinished games on start. Authority checks live
 * here, next to the data they protect: host keys and team tokens are stored hashed and compared in
 * constant time; they are never logged.
 */
import { matchMaker } from "@colyseus/core";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  constantTimeEqual,
  hashToken,
  newGameCode,
  newToken,
  type Clock,
  type Logger,
} from "../core/index.js";
import {
  ActivityRepository,
  GameRepository,
  SeasonRepository,
  TeamRepository,
  type Database,
  type GameRecord,
  type JsonObject,
  type NewActivity,
} from "../db/index.js";
import {
  GameRuntime,
  computeLeaderboard,
  incidentSpecFromScenario,
  rulesFromPackScoring,
  scheduleFromPack,
  type GameDefinition,
  type Leaderboard,
  type RuntimeActivity,
  type RuntimeCluster,
  type RuntimeTeam,
  type ScenarioLibrary,
} from "../engine/index.js";
import type {
  CreateGameRequest,
  CreateGameResponse,
  CreateTeamResponse,
  GameInfo,
  GamePhase,
  InjectRequest,
  LeaderboardResponse,
  PackSummary,
  ScenarioSummary,
  SeasonLeaderboardResponse,
  SeasonSummary,
} from "../protocol/index.js";
import { GAME_ROOM_NAME, MAX_TEAMS_PER_GAME } from "../protocol/index.js";
import type { ActiveGame } from "./active-game.js";
import { packSummary, scenarioBrief, scenarioSummary } from "./briefs.js";
import { databaseEventLog, loadGameEvents } from "./event-log.js";
import type { ControlAction, DebriefInputs, GameServiceApi, GameViewer } from "./service-types.js";
import { teamSlug } from "./slug.js";
import { seasonStandings } from "../db/season-standings.js";

/** Prefix of host keys, so a leaked one is recognisable. */
export const HOST_KEY_PREFIX = "fdh_";
/** Prefix of team tokens (the gateway's authenticator uses the same). */
export const TEAM_TOKEN_PREFIX = "fdt_";
/** Attempts at drawing an unused game code before giving up. */
const GAME_CODE_ATTEMPTS = 20;

/** What provisions team namespaces: kube/'s Cluster, structurally (game/ does not import kube/). */
export interface TeamProvisioner {
  namespaceFor(game: { code: string }, team: { id: string; slug: string }): string;
  provisionTeam(game: { code: string }, team: { id: string; slug: string }, opts?: { app?: string; waitForHealthy?: boolean }): Promise<{ namespace: string }>;
  teardownTeam(namespace: string): Promise<void>;
}

/** A kubectl request as the gateway records it (its Activity, structurally: game/ does not import gateway/). */
export interface RecordedActivity extends RuntimeActivity {
  gameCode: string | null;
  kubectlSession: string;
  /** Milliseconds from request arrival to response headers. */
  latencyMs: number;
}

/** Where team credentials go so the kubectl gateway accepts them: the gateway's TeamAuthenticator, structurally. */
export interface CredentialSink {
  load(credentials: Iterable<{ team: { teamId: string; name: string; namespace: string; gameCode: string }; tokenHash: string }>): void;
}

export interface GameServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  library: ScenarioLibrary;
  cluster: RuntimeCluster & TeamProvisioner;
  credentials: CredentialSink;
  /** When set, creating games and seasons requires it as the bearer. */
  adminToken?: string;
  /** Wait for a new team's app to be healthy before answering (default true). */
  waitForHealthyTeams?: boolean;
}

function bearerEquals(bearer: string | undefined, hash: string): boolean {
  return bearer !== undefined && constantTimeEqual(hashToken(bearer), hash);
}

export class GameService implements GameServiceApi {
  private readonly games = new Map<string, ActiveGame>();
  private readonly gameRepo: GameRepository;
  private readonly teamRepo: TeamRepository;
  private readonly seasonRepo: SeasonRepository;
  private readonly activityRepo: ActivityRepository;
  private readonly gameIdByCode = new Map<string, string>();
  private readonly loading = new Map<string, Promise<ActiveGame>>();

  constructor(private readonly deps: GameServiceDeps) {
    this.gameRepo = new GameRepository(deps.db);
    this.teamRepo = new TeamRepository(deps.db);
    this.seasonRepo = new SeasonRepository(deps.db);
    this.activityRepo = new ActivityRepository(deps.db);
  }

  /** The running game with this code (rooms look games up through this). */
  active(code: string): ActiveGame | undefined {
    return this.games.get(code.toUpperCase());
  }

  // ------------------------------------------------------------------ lifecycle

  /** Restores every unfinished game from its event log (after a restart or crash). */
  async restoreAll(): Promise<number> {
    const rows = await this.gameRepo.listUnfinished();
    for (const row of rows) {
      try {
        await this.activate(row, await loadGameEvents(this.deps.db, row.id));
      } catch (err) {
        this.deps.logger.error({ err, game: row.code }, "could not restore game");
      }
    }
    return rows.length;
  }

  /** Stops every runtime's timers and watches; nothing is written, so a restart resumes where this left off. */
  stopAll(): void {
    for (const g of this.games.values()) g.runtime.stop();
  }

  /** A kubectl request seen by the gateway: to the game's runtime (diagnosis, fix attempts, the live feed). */
  onActivity(activity: RecordedActivity): void {
    if (!activity.gameCode) return;
    this.games.get(activity.gameCode.toUpperCase())?.runtime.recordActivity(activity);
  }

  /** Persists a batch of gateway activity (off the hot path). */
  async persistActivities(batch: readonly RecordedActivity[]): Promise<void> {
    const rows: NewActivity[] = batch.map((a) => ({
      gameId: a.gameCode ? (this.gameIdByCode.get(a.gameCode.toUpperCase()) ?? null) : null,
      teamId: a.teamId,
      at: new Date(a.at),
      verb: a.verb,
      resource: a.resource,
      subresource: a.subresource || null,
      namespace: a.namespace || null,
      name: a.name || null,
      kubectlCommand: a.kubectlCommand || null,
      session: a.kubectlSession || null,
      code: a.code,
      latencyMs: Math.round(a.latencyMs),
      allowed: a.allowed,
      outOfBounds: !a.allowed,
    }));
    if (rows.length) await this.activityRepo.appendBatch(rows);
  }

  private async activate(row: GameRecord, events: Awaited<ReturnType<typeof loadGameEvents>> | null): Promise<ActiveGame> {
    const def = this.definitionFor(row);
    const runtimeDeps = {
      clock: this.deps.clock,
      cluster: this.deps.cluster,
      scenarios: this.deps.library.scenarios,
      log: databaseEventLog(this.deps.db, row.id),
      logger: this.deps.logger,
      resetNamespace: (team: RuntimeTeam) => this.resetNamespace(row, team),
    };
    const rebuiltTeams = events ? await this.rebuildLostNamespaces(row) : new Set<string>();
    const runtime = events ? await GameRuntime.restore(def, runtimeDeps, events, { rebuiltTeams }) : new GameRuntime(def, runtimeDeps);
    const settings = row.settings as { openRegistration?: boolean; maxTeams?: number; maxPlayersPerTeam?: number };
    const briefs = Object.fromEntries(
      def.scenarioIds.map((id) => [id, scenarioBrief(this.deps.library.scenarios.get(id)!, def.scenarioTable?.[id]?.points)]),
    );
    const game: ActiveGame = {
      gameId: row.id,
      code: row.code,
      name: row.name,
      hostKeyHash: row.hostKeyHash,
      openRegistration: settings.openRegistration !== false,
      maxTeams: settings.maxTeams ?? MAX_TEAMS_PER_GAME,
      maxPlayersPerTeam: settings.maxPlayersPerTeam ?? 6,
      seasonId: row.seasonId,
      packId: row.packId,
      runtime,
      briefs,
      activity: new Map(),
      teamForToken: async (token) => (await this.teamRepo.findByTokenHash(row.id, hashToken(token)))?.id ?? null,
    };
    this.games.set(row.code, game);
    this.gameIdByCode.set(row.code, row.id);
    // Keep the phase column in step with the log, for listings and restore.
    runtime.subscribe({
      onEvents: (evs) => {
        for (const e of evs) {
          const phase = e.type === "game-started" || e.type === "game-resumed" ? "running" : e.type === "game-paused" ? "paused" : e.type === "game-ended" ? "ended" : null;
          if (phase) void this.gameRepo.setPhase(row.id, phase, new Date(e.at)).catch((err) => this.deps.logger.error({ err }, "could not record phase"));
        }
      },
    });
    await this.loadCredentials(row);
    await matchMaker.createRoom(GAME_ROOM_NAME, { code: row.code });
    return game;
  }

  private definitionFor(row: GameRecord): GameDefinition {
    const pack = row.packId ? this.deps.library.packs.get(row.packId) : undefined;
    const settings = row.settings as { scoring?: Record<string, number> };
    const scenarioTable: Record<string, { points: number; timeLimitMs: number }> = {};
    for (const id of row.scenarioIds) {
      const s = this.deps.library.scenarios.get(id);
      if (!s) throw new NotFoundError(`game ${row.code} uses unknown scenario "${id}"`);
      scenarioTable[id] = { points: pack?.spec.scoring?.points?.[id] ?? s.spec.points, timeLimitMs: incidentSpecFromScenario(s.spec).timeLimitMs };
    }
    return {
      gameId: row.id,
      code: row.code,
      name: row.name,
      seed: row.seed,
      scenarioIds: row.scenarioIds,
      schedule: pack ? scheduleFromPack(pack.spec) : null,
      scoring: { ...rulesFromPackScoring(pack?.spec.scoring), ...(settings.scoring ?? {}) },
      scenarioTable,
    };
  }

  private async loadCredentials(row: GameRecord): Promise<void> {
    const teams = new Map((await this.teamRepo.listByGame(row.id)).map((t) => [t.id, t]));
    const hashes = await this.teamRepo.listTokenHashes(row.id);
    this.deps.credentials.load(
      hashes
        .filter((h) => teams.has(h.teamId))
        .map((h) => {
          const t = teams.get(h.teamId)!;
          return { team: { teamId: t.id, name: t.name, namespace: t.namespace, gameCode: row.code }, tokenHash: h.tokenHash };
        }),
    );
  }

  /**
   * On restore: re-provisions, at the baseline, every team namespace the cluster no longer has (the sim
   * keeps its objects in memory, so a restart loses them; a real cluster keeps them and nothing happens).
   * Returns the rebuilt teams, whose open incidents the runtime breaks again. Existing namespaces are left
   * alone: re-applying the baseline would undo the break and the team's work.
   */
  private async rebuildLostNamespaces(row: GameRecord): Promise<Set<string>> {
    const rebuilt = new Set<string>();
    const teams = await this.teamRepo.listByGame(row.id);
    await Promise.all(
      teams.map(async (t) => {
        try {
          if (await this.deps.cluster.get("", { apiVersion: "v1", kind: "Namespace", name: t.namespace })) return;
          // even if provisioning fails half-way (e.g. slow to become healthy), what exists must be broken again
          rebuilt.add(t.id);
          await this.deps.cluster.provisionTeam({ code: row.code }, { id: t.id, slug: t.slug }, { waitForHealthy: this.deps.waitForHealthyTeams !== false });
          this.deps.logger.info({ game: row.code, namespace: t.namespace }, "re-provisioned a team namespace lost with the cluster");
        } catch (err) {
          this.deps.logger.error({ err, game: row.code, namespace: t.namespace }, "could not re-provision a team namespace");
        }
      }),
    );
    return rebuilt;
  }

  private async resetNamespace(row: GameRecord, team: RuntimeTeam): Promise<void> {
    const record = await this.teamRepo.findById(team.teamId);
    if (!record) throw new NotFoundError(`unknown team ${team.teamId}`);
    await this.deps.cluster.teardownTeam(team.namespace);
    await this.deps.cluster.provisionTeam({ code: row.code }, { id: record.id, slug: record.slug }, { waitForHealthy: false });
  }

  // ------------------------------------------------------------------ authority

  /**
   * The game with this code: running in memory, or loaded from its log on first use (an ended game after a
   * restart — its leaderboard and debrief are kept forever). Concurrent first uses share one load.
   */
  private requireGame(code: string): Promise<ActiveGame> {
    const key = code.toUpperCase();
    const active = this.games.get(key);
    if (active) return Promise.resolve(active);
    let loading = this.loading.get(key);
    if (!loading) {
      loading = (async () => {
        const row = await this.gameRepo.findByCode(key);
        if (!row) throw new NotFoundError(`no game with code ${key}`);
        return this.games.get(key) ?? (await this.activate(row, await loadGameEvents(this.deps.db, row.id)));
      })().finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }


  // Missing or unknown credential → 401; a known credential without the right → 403 (RFC 6750, and
  // what the Kubernetes API the players use answers for tokens).
  private async requireHost(game: ActiveGame, bearer: string | undefined): Promise<void> {
    if (!bearer) throw new UnauthorizedError("this needs the host key (Authorization: Bearer <host key>)");
    if ((await this.viewer(game, bearer)).role !== "host") throw new ForbiddenError("only the host can do this");
  }

  private requireAdmin(bearer: string | undefined): void {
    if (!this.deps.adminToken) return;
    if (!bearer) throw new UnauthorizedError("this server requires the admin token (Authorization: Bearer <token>)");
    if (!constantTimeEqual(bearer, this.deps.adminToken)) throw new UnauthorizedError("wrong admin token");
  }

  private async viewer(game: ActiveGame, bearer: string | undefined): Promise<GameViewer> {
    if (!bearer) return { role: "public" };
    if (bearerEquals(bearer, game.hostKeyHash)) return { role: "host" };
    const teamId = await game.teamForToken(bearer);
    if (teamId) return { role: "team", teamId };
    throw new UnauthorizedError("that token is neither the host key nor a team token of this game");
  }

  // ------------------------------------------------------------------ GameServiceApi

  async createGame(body: CreateGameRequest, bearer: string | undefined): Promise<CreateGameResponse> {
    this.requireAdmin(bearer);
    let scenarioIds: string[];
    if (body.pack) {
      const pack = this.deps.library.packs.get(body.pack);
      if (!pack) {
        const message = `no pack "${body.pack}"; known packs: ${[...this.deps.library.packs.keys()].join(", ")}`;
        throw new ValidationError(`pack: ${message}`, [{ path: ["pack"], message }]);
      }
      scenarioIds = [...new Set(pack.spec.timeline.map((e) => e.scenario))];
    } else {
      scenarioIds = [...new Set(body.scenarios ?? [])];
      const unknown = scenarioIds.filter((id) => !this.deps.library.scenarios.has(id));
      if (unknown.length) {
        const message = `unknown scenario(s): ${unknown.join(", ")}`;
        throw new ValidationError(`scenarios: ${message}`, [{ path: ["scenarios"], message }]);
      }
    }
    if (body.seasonId && !(await this.seasonRepo.findById(body.seasonId))) throw new NotFoundError(`no season ${body.seasonId}`);
    const hostKey = newToken(HOST_KEY_PREFIX);
    let row: GameRecord | undefined;
    for (let i = 0; i < GAME_CODE_ATTEMPTS && !row; i++) {
      const code = newGameCode();
      if (await this.gameRepo.findByCode(code)) continue;
      row = await this.gameRepo.create({
        code,
        name: body.name,
        hostKeyHash: hashToken(hostKey),
        seed: body.settings.seed ?? newToken(),
        packId: body.pack ?? null,
        scenarioIds,
        settings: JSON.parse(JSON.stringify(body.settings)) as JsonObject,
        seasonId: body.seasonId ?? null,
      });
    }
    if (!row) throw new ConflictError("could not allocate a game code; try again");
    const game = await this.activate(row, null);
    await game.runtime.recordCreated({ packId: row.packId, scenarioIds, scoring: body.settings.scoring });
    this.deps.logger.info({ game: row.code, pack: row.packId }, "game created");
    return { code: row.code, hostKey };
  }

  async getGame(code: string): Promise<GameInfo> {
    const game = await this.requireGame(code);
    return {
      code: game.code,
      name: game.name,
      phase: game.runtime.phase,
      teams: game.runtime.teamList().map((t) => ({ teamId: t.teamId, name: t.name, namespace: t.namespace })),
      ...(game.packId ? { pack: game.packId } : {}),
      seasonId: game.seasonId,
      openRegistration: game.openRegistration,
    };
  }

  async createTeam(code: string, name: string, bearer: string | undefined): Promise<CreateTeamResponse> {
    const game = await this.requireGame(code);
    const viewer = await this.viewer(game, bearer);
    if (viewer.role === "team") throw new ForbiddenError("a team cannot add teams; only the host can");
    if (viewer.role === "public" && !game.openRegistration) throw new ForbiddenError("only the host can add teams to this game");
    if (game.runtime.phase === "ended") throw new ConflictError("the game has ended");
    const existing = await this.teamRepo.listByGame(game.gameId);
    if (existing.length >= game.maxTeams) throw new ConflictError(`the game is full (${game.maxTeams} teams)`);
    const slug = teamSlug(name);
    if (existing.some((t) => t.name.toLowerCase() === name.toLowerCase() || t.slug === slug)) {
      throw new ConflictError(`a team called "${name}" already exists in this game`);
    }
    const teamToken = newToken(TEAM_TOKEN_PREFIX);
    const provisional = { id: "", slug };
    const namespace = this.deps.cluster.namespaceFor({ code: game.code }, provisional);
    const record = await this.teamRepo.create({ gameId: game.gameId, name, slug, namespace, tokenHash: hashToken(teamToken) });
    await this.deps.cluster.provisionTeam(
      { code: game.code },
      { id: record.id, slug },
      { waitForHealthy: this.deps.waitForHealthyTeams !== false },
    );
    this.deps.credentials.load([{ team: { teamId: record.id, name, namespace, gameCode: game.code }, tokenHash: hashToken(teamToken) }]);
    await game.runtime.addTeam({ teamId: record.id, name, namespace });
    this.deps.logger.info({ game: game.code, team: name, namespace }, "team created");
    return { teamId: record.id, teamToken, namespace };
  }

  async teamAccess(code: string, teamId: string, bearer: string | undefined): Promise<{ namespace: string; teamName: string; token: string }> {
    const game = await this.requireGame(code);
    const team = game.runtime.team(teamId);
    if (!team) throw new NotFoundError(`no team ${teamId} in game ${game.code}`);
    if (!bearer) throw new UnauthorizedError("this needs the team token or the host key");
    const viewer = await this.viewer(game, bearer);
    if (viewer.role === "host") {
      // Tokens are stored hashed: the host gets a fresh, additional token for the team.
      const token = newToken(TEAM_TOKEN_PREFIX);
      await this.teamRepo.addToken(teamId, hashToken(token));
      this.deps.credentials.load([{ team: { teamId, name: team.name, namespace: team.namespace, gameCode: game.code }, tokenHash: hashToken(token) }]);
      return { namespace: team.namespace, teamName: team.name, token };
    }
    if (viewer.role !== "team" || viewer.teamId !== teamId) throw new ForbiddenError("that token is not this team's");
    return { namespace: team.namespace, teamName: team.name, token: bearer };
  }

  async control(code: string, action: ControlAction, bearer: string | undefined): Promise<{ phase: GamePhase }> {
    const game = await this.requireGame(code);
    await this.requireHost(game, bearer);
    try {
      await game.runtime[action]();
    } catch (err) {
      if (err instanceof ValidationError) throw new ConflictError(err.message);
      throw err;
    }
    return { phase: game.runtime.phase };
  }

  async inject(code: string, body: InjectRequest, bearer: string | undefined): Promise<{ injected: { teamId: string; incidentId: string }[] }> {
    const game = await this.requireGame(code);
    await this.requireHost(game, bearer);
    // Body fields naming what this game does not have are a 400 naming the field (a 404 here would read as "no such game").
    if (!game.runtime.def.scenarioIds.includes(body.scenario)) {
      const message = `scenario "${body.scenario}" is not part of this game (${game.runtime.def.scenarioIds.join(", ")})`;
      throw new ValidationError(`scenario: ${message}`, [{ path: ["scenario"], message }]);
    }
    const unknownTeams = (body.teams ?? []).filter((id) => !game.runtime.team(id));
    if (unknownTeams.length) {
      const message = `not teams of this game: ${unknownTeams.join(", ")}`;
      throw new ValidationError(`teams: ${message}`, [{ path: ["teams"], message }]);
    }
    try {
      return { injected: await game.runtime.injectNow(body.scenario, body.teams) };
    } catch (err) {
      if (err instanceof ValidationError) throw new ConflictError(err.message);
      throw err;
    }
  }

  async leaderboard(code: string): Promise<LeaderboardResponse> {
    const game = await this.requireGame(code);
    return toLeaderboardResponse(game.runtime.leaderboard());
  }

  async debriefInputs(code: string, bearer: string | undefined): Promise<{ viewer: GameViewer; inputs: DebriefInputs }> {
    const game = await this.requireGame(code);
    const viewer = await this.viewer(game, bearer);
    if (game.runtime.phase !== "ended" && viewer.role !== "host") throw new ConflictError("the debrief opens when the game ends");
    const activities = await this.activityRepo.listForGame(game.gameId);
    const scenarios: Record<string, DebriefInputs["scenarios"][string]> = {};
    for (const id of game.runtime.def.scenarioIds) {
      const s = this.deps.library.scenarios.get(id)!;
      const table = game.runtime.scenarioScoring()[id]!;
      scenarios[id] = { title: s.spec.title, debriefMarkdown: s.debriefMarkdown, points: table.points, timeLimitMs: table.timeLimitMs };
    }
    return {
      viewer,
      inputs: {
        game: { code: game.code, name: game.name, phase: game.runtime.phase },
        events: game.runtime.events(),
        activities: activities
          .filter((a) => a.teamId)
          .map((a) => ({ teamId: a.teamId!, at: a.at.getTime(), verb: a.verb, resource: a.resource, subresource: a.subresource, name: a.name, kubectlCommand: a.kubectlCommand, code: a.code, allowed: a.allowed })),
        scenarios,
      },
    };
  }

  scenarios(): ScenarioSummary[] {
    return [...this.deps.library.scenarios.values()].map(scenarioSummary);
  }

  packs(): PackSummary[] {
    return [...this.deps.library.packs.values()].map(packSummary);
  }

  async createSeason(name: string, bearer: string | undefined): Promise<SeasonSummary> {
    this.requireAdmin(bearer);
    const s = await this.seasonRepo.create({ name });
    return { seasonId: s.id, name: s.name };
  }

  async listSeasons(): Promise<SeasonSummary[]> {
    return (await this.seasonRepo.list()).map((s) => ({ seasonId: s.id, name: s.name }));
  }

  async seasonLeaderboard(seasonId: string): Promise<SeasonLeaderboardResponse> {
    const season = await this.seasonRepo.findById(seasonId);
    if (!season) throw new NotFoundError(`no season ${seasonId}`);
    const games = await this.gameRepo.listBySeason(seasonId);
    const boards: LeaderboardResponse[] = [];
    for (const g of games) {
      const active = this.games.get(g.code);
      // The board aggregates final results: a game counts once it has ended (the live phase first, the column may lag).
      if ((active?.runtime.phase ?? g.phase) !== "ended") continue;
      if (active) {
        boards.push(await this.leaderboard(g.code));
        continue;
      }
      // Finished games are not kept running: score them from their log.
      const def = this.definitionFor(g);
      const board = computeLeaderboard(await loadGameEvents(this.deps.db, g.id), { scenarios: def.scenarioTable ?? {}, rules: def.scoring });
      boards.push(toLeaderboardResponse(board));
    }
    return { seasonId: season.id, name: season.name, teams: seasonStandings(boards) };
  }
}

function toLeaderboardResponse(board: Leaderboard): LeaderboardResponse {
  return {
    frozen: board.frozen,
    teams: board.teams.map((t) => ({
      teamId: t.teamId,
      name: t.name,
      rank: t.rank,
      rankChange: t.rankChange,
      points: t.points,
      incidents: t.incidents.map((i) => ({ scenario: i.scenarioId, status: i.status, ttdMs: i.ttdMs, ttrMs: i.ttrMs })),
    })),
  };
}


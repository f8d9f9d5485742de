/**
 * A small GameServiceApi backed by the real repositories and the real scoring, for the REST contract
 * tests. It is NOT the game: no cluster, no room, no timeline. It implements the interface's
 * documented authority rules (401 = unknown credential, 403 = known but not allowed, 404, 409, 400)
 * so the HTTP layer can be tested end to end on a real database before the real GameService exists.
 * Tests drive incident progress with {@link RepositoryGameService.record}.
 */
import { randomUUID } from "node:crypto";
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
  randomString,
  KUBE_NAME_ALPHABET,
  type Clock,
} from "../../../../server/src/core/index.js";
import {
  ActivityRepository,
  DuplicateKeyError,
  GameEventRepository,
  GameRepository,
  SeasonRepository,
  TeamRepository,
  seasonStandings,
  type Database,
  type GameRecord,
  type NewActivity,
} from "../../../../server/src/db/index.js";
import type { ControlAction, DebriefInputs, GameServiceApi, GameViewer } from "../../../../server/src/game/service-types.js";
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
} from "../../../../server/src/protocol/index.js";
import { computeLeaderboard, parseGameEvent, type GameEvent, type GameEventDraft } from "../../../../server/src/scoring/index.js";

export interface CatalogScenario extends ScenarioSummary {
  debriefMarkdown: string;
}

export const TEST_SCENARIOS: CatalogScenario[] = [
  {
    id: "image-pull-backoff",
    title: "Bad image tag",
    difficulty: "easy",
    points: 100,
    timeLimitMs: 600_000,
    summary: "The backend was rolled out with a tag that does not exist.",
    tags: ["images"],
    debriefMarkdown: "## What happened\nThe backend image tag does not exist.\n",
  },
  {
    id: "missing-configmap",
    title: "Missing ConfigMap",
    difficulty: "medium",
    points: 200,
    timeLimitMs: 900_000,
    summary: "The backend's ConfigMap is gone.",
    tags: ["config"],
    debriefMarkdown: "## What happened\nbackend-config was deleted.\n",
  },
];

export const TEST_PACKS: PackSummary[] = [
  { id: "intro", title: "Intro", description: "Two classics", durationMs: 1_800_000, scenarios: ["image-pull-backoff", "missing-configmap"] },
];

const MAX_CODE_ATTEMPTS = 5;
const TRANSITIONS: Record<ControlAction, { from: readonly GamePhase[]; to: GamePhase; event: "game-started" | "game-paused" | "game-resumed" | "game-ended" }> = {
  start: { from: ["lobby"], to: "running", event: "game-started" },
  pause: { from: ["running"], to: "paused", event: "game-paused" },
  resume: { from: ["paused"], to: "running", event: "game-resumed" },
  end: { from: ["lobby", "running", "paused"], to: "ended", event: "game-ended" },
};

type Who = { role: "host" } | { role: "team"; teamId: string } | { role: "public" };

export class RepositoryGameService implements GameServiceApi {
  readonly games: GameRepository;
  readonly teams: TeamRepository;
  readonly seasons: SeasonRepository;
  readonly events: GameEventRepository;
  readonly activities: ActivityRepository;
  private readonly scenarioById = new Map(TEST_SCENARIOS.map((s) => [s.id, s]));

  constructor(
    db: Database,
    private readonly options: { adminToken?: string; clock?: Clock } = {},
  ) {
    this.games = new GameRepository(db);
    this.teams = new TeamRepository(db);
    this.seasons = new SeasonRepository(db);
    this.events = new GameEventRepository(db);
    this.activities = new ActivityRepository(db);
  }

  private now(): number {
    return this.options.clock?.now() ?? Date.now();
  }

  private requireAdmin(bearer: string | undefined): void {
    const admin = this.options.adminToken;
    if (admin === undefined) return;
    if (bearer === undefined) throw new UnauthorizedError("this server requires the admin token");
    if (!constantTimeEqual(bearer, admin)) throw new UnauthorizedError("invalid admin token");
  }

  async createGame(body: CreateGameRequest, bearer: string | undefined): Promise<CreateGameResponse> {
    this.requireAdmin(bearer);
    let scenarioIds: string[];
    if (body.pack !== undefined) {
      const pack = TEST_PACKS.find((p) => p.id === body.pack);
      if (!pack) throw new ValidationError(`pack: unknown pack "${body.pack}"`, [{ path: ["pack"], message: "unknown pack" }]);
      scenarioIds = pack.scenarios;
    } else {
      scenarioIds = body.scenarios ?? [];
      const unknown = scenarioIds.filter((id) => !this.scenarioById.has(id));
      if (unknown.length) throw new ValidationError(`scenarios: unknown scenario ${unknown.join(", ")}`, [{ path: ["scenarios"], message: "unknown" }]);
    }
    if (body.seasonId !== undefined && !(await this.seasons.findById(body.seasonId))) throw new NotFoundError(`season ${body.seasonId} not found`);
    const hostKey = newToken("fdh_");
    for (let attempt = 1; ; attempt++) {
      try {
        const game = await this.games.create({
          code: newGameCode(),
          name: body.name,
          hostKeyHash: hashToken(hostKey),
          seed: body.settings.seed ?? randomString(16, KUBE_NAME_ALPHABET),
          packId: body.pack ?? null,
          scenarioIds,
          settings: body.settings,
          seasonId: body.seasonId ?? null,
        });
        await this.record(game.code, { type: "game-created", at: this.now(), name: game.name, packId: body.pack, scenarioIds });
        return { code: game.code, hostKey };
      } catch (err) {
        if (err instanceof DuplicateKeyError && err.fields.includes("code") && attempt < MAX_CODE_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  private async game(code: string): Promise<GameRecord> {
    const game = await this.games.findByCode(code);
    if (!game) throw new NotFoundError(`game ${code} not found`);
    return game;
  }

  /** Who the bearer is within this game; unknown credentials are 401. */
  private async who(game: GameRecord, bearer: string | undefined): Promise<Who> {
    if (bearer === undefined) return { role: "public" };
    const hash = hashToken(bearer);
    if (constantTimeEqual(hash, game.hostKeyHash)) return { role: "host" };
    const team = await this.teams.findByTokenHash(game.id, hash);
    if (team) return { role: "team", teamId: team.id };
    throw new UnauthorizedError("unknown host key or team token");
  }

  private async requireHost(game: GameRecord, bearer: string | undefined): Promise<void> {
    const who = await this.who(game, bearer);
    if (who.role === "public") throw new UnauthorizedError("the host key is required");
    if (who.role !== "host") throw new ForbiddenError("only the host may do this");
  }

  async getGame(code: string): Promise<GameInfo> {
    const game = await this.game(code);
    const teams = await this.teams.listByGame(game.id);
    return {
      code: game.code,
      name: game.name,
      phase: game.phase,
      teams: teams.map((t) => ({ teamId: t.id, name: t.name, namespace: t.namespace })),
      pack: game.packId ?? undefined,
      seasonId: game.seasonId,
      openRegistration: game.settings.openRegistration !== false,
    };
  }

  async createTeam(code: string, name: string, bearer: string | undefined): Promise<CreateTeamResponse> {
    const game = await this.game(code);
    const who = await this.who(game, bearer);
    if (who.role === "team") throw new ForbiddenError("a team cannot register another team");
    if (who.role === "public" && game.settings.openRegistration === false) throw new ForbiddenError("registration is closed: ask the host");
    if (game.phase === "ended") throw new ConflictError("the game has ended");
    const maxTeams = typeof game.settings.maxTeams === "number" ? game.settings.maxTeams : 20;
    if ((await this.teams.countByGame(game.id)) >= maxTeams) throw new ConflictError(`the game is full (${maxTeams} teams)`);
    const slug = teamSlug(name);
    const namespace = `fd-${game.code.toLowerCase()}-${slug}`;
    const teamToken = newToken("fdt_");
    const team = await this.teams.create({ gameId: game.id, name, slug, namespace, tokenHash: hashToken(teamToken) });
    await this.record(game.code, { type: "team-joined", at: this.now(), teamId: team.id, name, namespace });
    return { teamId: team.id, teamToken, namespace };
  }

  async teamAccess(code: string, teamId: string, bearer: string | undefined) {
    const game = await this.game(code);
    const who = await this.who(game, bearer);
    if (who.role === "public") throw new UnauthorizedError("a team token or the host key is required");
    const team = await this.teams.findById(teamId);
    if (!team || team.gameId !== game.id) throw new NotFoundError(`team ${teamId} not found in game ${game.code}`);
    if (who.role === "team") {
      if (who.teamId !== team.id) throw new ForbiddenError("that is another team's kubeconfig");
      return { namespace: team.namespace, teamName: team.name, token: bearer! };
    }
    const token = newToken("fdt_");
    await this.teams.addToken(team.id, hashToken(token));
    return { namespace: team.namespace, teamName: team.name, token };
  }

  async control(code: string, action: ControlAction, bearer: string | undefined): Promise<{ phase: GamePhase }> {
    const game = await this.game(code);
    await this.requireHost(game, bearer);
    const t = TRANSITIONS[action];
    if (!t.from.includes(game.phase)) throw new ConflictError(`cannot ${action} a game that is ${game.phase}`);
    const at = this.now();
    await this.record(game.code, { type: t.event, at });
    const updated = await this.games.setPhase(game.id, t.to, new Date(at));
    return { phase: updated.phase };
  }

  async inject(code: string, body: InjectRequest, bearer: string | undefined) {
    const game = await this.game(code);
    await this.requireHost(game, bearer);
    if (game.phase !== "running") throw new ConflictError(`the game is ${game.phase}, not running`);
    if (!this.scenarioById.has(body.scenario)) throw new ValidationError(`scenario: unknown scenario "${body.scenario}"`);
    const all = await this.teams.listByGame(game.id);
    const targets = body.teams ? all.filter((t) => body.teams!.includes(t.id)) : all;
    const missing = (body.teams ?? []).filter((id) => !all.some((t) => t.id === id));
    if (missing.length) throw new ValidationError(`teams: not in this game: ${missing.join(", ")}`);
    const injected: { teamId: string; incidentId: string }[] = [];
    const waveId = randomUUID();
    for (const team of targets) {
      const incidentId = randomUUID();
      await this.record(game.code, { type: "incident-injected", at: this.now(), teamId: team.id, incidentId, scenarioId: body.scenario, params: {}, waveId });
      injected.push({ teamId: team.id, incidentId });
    }
    return { injected };
  }

  /** The game's parsed event log in append order. */
  async gameEvents(game: GameRecord): Promise<GameEvent[]> {
    const rows = await this.events.listForGame(game.id);
    return rows.map((r) =>
      parseGameEvent({
        ...(r.payload as object),
        seq: r.seq,
        gameId: r.gameId,
        ...(r.teamId ? { teamId: r.teamId } : {}),
        at: r.at.getTime(),
        type: r.kind,
      }),
    );
  }

  private scoring() {
    return Object.fromEntries(TEST_SCENARIOS.map((s) => [s.id, { points: s.points, timeLimitMs: s.timeLimitMs }]));
  }

  async leaderboard(code: string): Promise<LeaderboardResponse> {
    const game = await this.game(code);
    const board = computeLeaderboard(await this.gameEvents(game), { scenarios: this.scoring() });
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

  async debriefInputs(code: string, bearer: string | undefined): Promise<{ viewer: GameViewer; inputs: DebriefInputs }> {
    const game = await this.game(code);
    const viewer = await this.who(game, bearer);
    if (game.phase !== "ended" && viewer.role !== "host") throw new ConflictError("the debrief opens when the game ends");
    const activities = (await this.activities.listForGame(game.id)).map((a) => ({
      teamId: a.teamId ?? "",
      at: a.at.getTime(),
      verb: a.verb,
      resource: a.resource,
      subresource: a.subresource,
      name: a.name,
      kubectlCommand: a.kubectlCommand,
      code: a.code,
      allowed: a.allowed,
    }));
    return {
      viewer,
      inputs: {
        game: { code: game.code, name: game.name, phase: game.phase },
        events: await this.gameEvents(game),
        activities,
        scenarios: Object.fromEntries(TEST_SCENARIOS.map((s) => [s.id, { title: s.title, debriefMarkdown: s.debriefMarkdown, points: s.points, timeLimitMs: s.timeLimitMs }])),
      },
    };
  }

  scenarios(): ScenarioSummary[] {
    return TEST_SCENARIOS.map(({ debriefMarkdown: _md, ...summary }) => summary);
  }

  packs(): PackSummary[] {
    return TEST_PACKS;
  }

  async createSeason(name: string, bearer: string | undefined): Promise<SeasonSummary> {
    this.requireAdmin(bearer);
    const season = await this.seasons.create({ name });
    return { seasonId: season.id, name: season.name };
  }

  async listSeasons(): Promise<SeasonSummary[]> {
    return (await this.seasons.list()).map((s) => ({ seasonId: s.id, name: s.name }));
  }

  async seasonLeaderboard(seasonId: string): Promise<SeasonLeaderboardResponse> {
    const season = await this.seasons.findById(seasonId);
    if (!season) throw new NotFoundError(`season ${seasonId} not found`);
    const ended = (await this.games.listBySeason(season.id)).filter((g) => g.phase === "ended");
    const boards = await Promise.all(ended.map((g) => this.leaderboard(g.code)));
    return { seasonId: season.id, name: season.name, teams: seasonStandings(boards) };
  }

  /** Test hook: appends one event (what the engine would write) to the game's log. */
  async record(code: string, draft: GameEventDraft): Promise<void> {
    const game = await this.game(code);
    const { at, type, teamId, ...payload } = draft as GameEventDraft & { teamId?: string; incidentId?: string };
    await this.events.append({
      gameId: game.id,
      teamId: teamId ?? null,
      incidentId: "incidentId" in payload ? (payload.incidentId as string) : null,
      at: new Date(at),
      kind: type,
      payload,
    });
  }

  /** Test hook: kubectl activity as the gateway would record it. */
  async recordActivity(code: string, activity: Omit<NewActivity, "gameId">): Promise<void> {
    const game = await this.game(code);
    await this.activities.appendBatch([{ ...activity, gameId: game.id }]);
  }
}

/** DNS-label-safe slug of a team name ("Red Team" → "red-team"); falls back to a random label. */
export function teamSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 20)
    .replace(/-+$/, "");
  return slug || `team-${randomString(5, KUBE_NAME_ALPHABET)}`;
}

/**
 * What the REST layer (http/) needs from the game module. http/ depends only on this interface; the game
 * module implements it (GameService). Every method validates authority itself and throws core's typed
 * errors (UnauthorizedError 401, ForbiddenError 403, NotFoundError 404, ConflictError 409,
 * ValidationError 400), which the http error middleware turns into `{error:{code,message}}`.
 * 401 means the credential is missing or unknown (to this game, or the wrong admin token); 403 means it
 * is known but not allowed (a team token where the host key is needed, another team's token).
 * `bearer` is the raw `Authorization: Bearer …` value (host key, team token or admin token), or undefined.
 */
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

/** Who a bearer credential identifies within one game. */
export type GameViewer = { role: "host" } | { role: "team"; teamId: string } | { role: "public" };

/** Raw inputs the debrief builder needs (http/ composes them with debrief/, which game/ may not import). */
export interface DebriefInputs {
  game: { code: string; name: string; phase: GamePhase };
  events: readonly unknown[];
  activities: readonly {
    teamId: string;
    at: number;
    verb: string;
    resource: string;
    subresource?: string | null;
    name?: string | null;
    kubectlCommand?: string | null;
    code: number;
    allowed: boolean;
  }[];
  scenarios: Readonly<Record<string, { title: string; debriefMarkdown: string; points: number; timeLimitMs: number }>>;
}

export type ControlAction = "start" | "pause" | "resume" | "end";

export interface GameServiceApi {
  /** Requires the admin token when FIREDRILL_ADMIN_TOKEN is set. */
  createGame(body: CreateGameRequest, bearer: string | undefined): Promise<CreateGameResponse>;
  getGame(code: string): Promise<GameInfo>;
  /** Host key, or open registration (then no bearer is needed). Provisions the team's namespace. */
  createTeam(code: string, name: string, bearer: string | undefined): Promise<CreateTeamResponse>;
  /**
   * The team (its token) or the host; returns what the gateway needs to render a kubeconfig. Tokens are
   * stored hashed, so for the host a fresh additional token is minted for the team (and recorded);
   * for the team, its own bearer token is returned.
   */
  teamAccess(code: string, teamId: string, bearer: string | undefined): Promise<{ namespace: string; teamName: string; token: string }>;
  control(code: string, action: ControlAction, bearer: string | undefined): Promise<{ phase: GamePhase }>;
  inject(code: string, body: InjectRequest, bearer: string | undefined): Promise<{ injected: { teamId: string; incidentId: string }[] }>;
  leaderboard(code: string): Promise<LeaderboardResponse>;
  /** 409 before the game ended (except for the host). */
  debriefInputs(code: string, bearer: string | undefined): Promise<{ viewer: GameViewer; inputs: DebriefInputs }>;
  scenarios(): ScenarioSummary[];
  packs(): PackSummary[];
  createSeason(name: string, bearer: string | undefined): Promise<SeasonSummary>;
  listSeasons(): Promise<SeasonSummary[]>;
  seasonLeaderboard(seasonId: string): Promise<SeasonLeaderboardResponse>;
}

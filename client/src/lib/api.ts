/** Typed REST calls (DESIGN.md REST contract). Errors carry the server's message for the user. */
import type {
  CreateGameRequest,
  CreateGameResponse,
  CreateTeamResponse,
  DebriefResponse,
  ErrorResponse,
  GameInfo,
  LeaderboardResponse,
  PackSummary,
  ScenarioSummary,
  SeasonLeaderboardResponse,
  SeasonSummary,
} from "../../../server/src/protocol/index.js";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError("Cannot reach the Firedrill server. Check your connection and try again.", 0, "network");
  }
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (data as ErrorResponse | undefined)?.error;
    throw new ApiError(err?.message ?? `${res.status} ${res.statusText}`, res.status, err?.code ?? "http");
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const enc = encodeURIComponent;

export const api = {
  getGame: (code: string) => request<GameInfo>("GET", `/api/games/${enc(code)}`),
  createGame: (body: CreateGameRequest, adminToken?: string) => request<CreateGameResponse>("POST", "/api/games", body, adminToken),
  createTeam: (code: string, name: string, hostKey?: string) =>
    request<CreateTeamResponse>("POST", `/api/games/${enc(code)}/teams`, { name }, hostKey),
  leaderboard: (code: string) => request<LeaderboardResponse>("GET", `/api/games/${enc(code)}/leaderboard`),
  debrief: (code: string, token?: string) => request<DebriefResponse>("GET", `/api/games/${enc(code)}/debrief`, undefined, token),
  scenarios: () => request<ScenarioSummary[]>("GET", "/api/scenarios"),
  packs: () => request<PackSummary[]>("GET", "/api/packs"),
  seasons: () => request<SeasonSummary[]>("GET", "/api/seasons"),
  createSeason: (name: string, adminToken?: string) => request<SeasonSummary>("POST", "/api/seasons", { name }, adminToken),
  seasonLeaderboard: (id: string) => request<SeasonLeaderboardResponse>("GET", `/api/seasons/${enc(id)}/leaderboard`),
  control: (code: string, action: "start" | "pause" | "resume" | "end", hostKey: string) =>
    request<{ phase: string }>("POST", `/api/games/${enc(code)}/${action}`, {}, hostKey),
  /** The kubeconfig as text, for download. */
  kubeconfig: async (code: string, teamId: string, token: string): Promise<string> => {
    const res = await fetch(`/api/games/${enc(code)}/teams/${enc(teamId)}/kubeconfig`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new ApiError(`Could not fetch the kubeconfig (${res.status})`, res.status, "http");
    return res.text();
  },
};

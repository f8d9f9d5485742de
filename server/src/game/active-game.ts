/** A game the server is running: its runtime plus what the room and the service need around it. */
import type { ActivityView, ScenarioBriefView } from "../protocol/index.js";
import type { GameRuntime } from "../engine/index.js";

export interface ActiveGame {
  gameId: string;
  code: string;
  name: string;
  hostKeyHash: string;
  openRegistration: boolean;
  maxTeams: number;
  maxPlayersPerTeam: number;
  seasonId: string | null;
  packId: string | null;
  runtime: GameRuntime;
  briefs: Record<string, ScenarioBriefView>;
  /** Each team's recent kubectl requests, newest last (for its private feed). */
  activity: Map<string, ActivityView[]>;
  /** Resolves a team bearer token to its team id (tokens are stored hashed), or null. */
  teamForToken(token: string): Promise<string | null>;
}

/**
 * Ports of the game runtime: what it needs from the outside world, typed structurally so the game module
 * (which owns persistence) and main.ts (which owns the gateway) plug in without engine/ importing them.
 */
import type { Clock, Logger } from "../../core/index.js";
import type { Cluster } from "../../kube/index.js";
import type { LoadedScenario } from "../../scenarios/index.js";
import type { GameEvent, GameEventDraft, ScoringRulesOverride } from "../../scoring/index.js";
import type { ActivityLike } from "../clue-matcher.js";
import type { TimelineSchedule } from "../timeline.js";

/** The cluster operations the runtime uses: mutations, namespace watches and the service proxy. */
export type RuntimeCluster = Pick<Cluster, "get" | "list" | "apply" | "patch" | "delete" | "scale" | "watchNamespace" | "getSnapshot" | "stopWatching" | "proxyGet">;

/**
 * The append-only log. `append` persists the drafts (in order, atomically) and returns them with
 * `seq` and `gameId`; the runtime changes its state only after it resolves ("written before state changes").
 */
export interface EventLog {
  append(drafts: readonly GameEventDraft[]): Promise<GameEvent[]>;
}

/** One kubectl request of a team, as the gateway recorded it (structurally the gateway's Activity). */
export interface RuntimeActivity extends ActivityLike {
  teamId: string | null;
  /** Epoch ms the request arrived. */
  at: number;
  id?: string;
}

export interface RuntimeTeam {
  teamId: string;
  name: string;
  namespace: string;
}

export interface GameDefinition {
  gameId: string;
  code: string;
  name: string;
  /** Seeds per-team params and timeline jitter; stable across restarts. */
  seed: string;
  /** Scenarios playable in this game (the pack's, or the host's selection). */
  scenarioIds: readonly string[];
  /** The pack's schedule; null when the host injects by hand. */
  schedule: TimelineSchedule | null;
  scoring?: ScoringRulesOverride;
  /** Points and time limit per scenario (a pack may override points); derived from the scenarios when absent. */
  scenarioTable?: Readonly<Record<string, { points: number; timeLimitMs: number }>>;
}

export interface RuntimeDeps {
  clock: Clock;
  cluster: RuntimeCluster;
  scenarios: ReadonlyMap<string, LoadedScenario>;
  log: EventLog;
  logger: Logger;
  /** Re-creates a team's namespace at the baseline (host "reset team"); supplied by whoever provisions. */
  resetNamespace?: (team: RuntimeTeam) => Promise<void>;
}

/** What the runtime tells its owner (the room, the service). Listeners must not throw. */
export interface RuntimeListener {
  /** Events just persisted and applied, in order. */
  onEvents?(events: readonly GameEvent[]): void;
  /** A team's kubectl request (for its private activity feed), whether or not it changed anything. */
  onActivity?(teamId: string, activity: RuntimeActivity): void;
  /** Something failed in the background (a break that could not be applied, a watch that died). */
  onError?(message: string, err: unknown): void;
}

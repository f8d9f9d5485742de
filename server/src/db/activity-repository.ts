/**
 * kubectl activity seen by the gateway. High volume: the gateway buffers requests off the hot
 * path and writes them here in batches.
 */
import type { Database } from "./client.js";

export interface NewActivity {
  gameId?: string | null;
  teamId?: string | null;
  at: Date;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, … */
  verb: string;
  resource: string;
  subresource?: string | null;
  namespace?: string | null;
  name?: string | null;
  /** Kubectl-Command header, e.g. "kubectl describe". */
  kubectlCommand?: string | null;
  /** Kubectl-Session header. */
  session?: string | null;
  /** HTTP status returned to kubectl. */
  code: number;
  latencyMs: number;
  allowed: boolean;
  outOfBounds?: boolean;
  userAgent?: string | null;
}

export interface ActivityRecord extends Required<NewActivity> {
  id: number;
}

export class ActivityRepository {
  /** Takes the client or an interactive-transaction client (`db.$transaction(async (tx) => …)`). */
  constructor(private readonly db: Pick<Database, "activity">) {}

  /** Inserts all rows in one statement; returns how many were written. */
  async appendBatch(activities: readonly NewActivity[]): Promise<number> {
    if (activities.length === 0) return 0;
    const result = await this.db.activity.createMany({
      data: activities.map((a) => ({
        gameId: a.gameId ?? null,
        teamId: a.teamId ?? null,
        at: a.at,
        verb: a.verb,
        resource: a.resource,
        subresource: a.subresource ?? null,
        namespace: a.namespace ?? null,
        name: a.name ?? null,
        kubectlCommand: a.kubectlCommand ?? null,
        session: a.session ?? null,
        code: a.code,
        latencyMs: Math.round(a.latencyMs),
        allowed: a.allowed,
        outOfBounds: a.outOfBounds ?? false,
        userAgent: a.userAgent ?? null,
      })),
    });
    return result.count;
  }

  /** A team's activity in time order (ties broken by insertion), for timelines and debriefs. */
  async listForTeam(teamId: string): Promise<ActivityRecord[]> {
    return this.db.activity.findMany({ where: { teamId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  }

  /** A game's activity in time order (ties broken by insertion). */
  async listForGame(gameId: string): Promise<ActivityRecord[]> {
    return this.db.activity.findMany({ where: { gameId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  }
}

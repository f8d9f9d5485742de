import type { TargetRef } from "../scenarios/index.js";
import type { GameEventDraft } from "../scoring/index.js";
import { activityCounts, type ActivityLike } from "./clue-matcher.js";
import { isFixAttempt, MUTATING_VERBS } from "./incident-machine.js";

/*
 * Collateral damage: the team's own write breaks another, healthy part of its app. One tracker per team,
 * as a pure reducer. A component (e.g. "deployments/backend", judged healthy by the same evaluators as
 * recovery) that turns unhealthy within COLLATERAL_ATTRIBUTION_WINDOW_MS after a team write that was not
 * on the incident's targets is blamed on that write. The event is emitted when the component heals (or
 * on flush at incident/game end), with the full duration; scoring forgives short ones.
 */

/** A write this recent (ms) before a component breaks is taken as its cause. */
export const COLLATERAL_ATTRIBUTION_WINDOW_MS = 60_000;

interface Write {
  at: number;
  command: string;
  incidentId?: string;
}

interface ComponentState {
  healthy: boolean;
  brokenSince: number | null;
  blame: Write | null;
}

export interface CollateralState {
  teamId: string;
  components: Record<string, ComponentState>;
  /** Non-target writes inside the attribution window, oldest first. */
  recentWrites: Write[];
}

export type CollateralInput =
  /** A team request; `targets` are the active incident's (a write to them is the fix, not collateral). */
  | { type: "activity"; at: number; activity: ActivityLike; incidentId?: string; targets: readonly TargetRef[] }
  /** A component's health changed (or was re-evaluated). `incidentComponent`: the incident itself broke it. */
  | { type: "health"; at: number; component: string; healthy: boolean; incidentComponent?: boolean }
  /** Report damage still in progress (incident or game ended). */
  | { type: "flush"; at: number };

export function createCollateralTracker(teamId: string): CollateralState {
  return { teamId, components: {}, recentWrites: [] };
}

export function reduceCollateral(state: CollateralState, input: CollateralInput): { state: CollateralState; events: GameEventDraft[] } {
  const s: CollateralState = structuredClone(state);
  const events: GameEventDraft[] = [];
  s.recentWrites = s.recentWrites.filter((w) => input.at - w.at <= COLLATERAL_ATTRIBUTION_WINDOW_MS);

  switch (input.type) {
    case "activity": {
      const a = input.activity;
      if (!activityCounts(a) || !MUTATING_VERBS.has(a.verb) || isFixAttempt(a, input.targets)) break;
      s.recentWrites.push({
        at: input.at,
        command: a.kubectlCommand || `${a.verb} ${a.resource}${a.name ? `/${a.name}` : ""}`,
        ...(input.incidentId !== undefined ? { incidentId: input.incidentId } : {}),
      });
      break;
    }
    case "health": {
      const c = (s.components[input.component] ??= { healthy: input.healthy, brokenSince: null, blame: null });
      if (c.healthy && !input.healthy) {
        c.brokenSince = input.at;
        // Only the team's own recent write can be blamed, never the incident's own break.
        c.blame = input.incidentComponent ? null : (s.recentWrites[s.recentWrites.length - 1] ?? null);
      } else if (!c.healthy && input.healthy) {
        report(s, input.component, c, input.at, events);
        c.brokenSince = null;
        c.blame = null;
      }
      c.healthy = input.healthy;
      break;
    }
    case "flush":
      for (const [name, c] of Object.entries(s.components)) {
        if (c.healthy) continue;
        report(s, name, c, input.at, events);
        c.blame = null; // reported once
      }
      break;
  }
  return { state: s, events };
}

function report(s: CollateralState, component: string, c: ComponentState, at: number, events: GameEventDraft[]): void {
  if (!c.blame || c.brokenSince === null) return;
  events.push({
    type: "collateral-damage",
    at,
    teamId: s.teamId,
    target: component,
    startedAt: c.brokenSince,
    durationMs: Math.max(0, at - c.brokenSince),
    command: c.blame.command,
    ...(c.blame.incidentId !== undefined ? { incidentId: c.blame.incidentId } : {}),
  });
}

/**
 * Turns game events into the short lines the big screen scrolls ("Team Orion diagnosed Frontend won't
 * start in 1:42"). Pure. While the scoreboard is frozen, progress lines are held back so the freeze holds.
 */
import type { TickerMessage } from "../protocol/index.js";
import type { GameEvent } from "../engine/index.js";

export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export interface TickerContext {
  teamName(teamId: string): string;
  scenarioTitle(scenarioId: string): string;
  /** The injected event of an incident, for times and titles. */
  injection(incidentId: string): { at: number; scenarioId: string; waveId: string } | undefined;
  /** True when no other team of the same wave recovered before this event. */
  isFirstRecovery(incidentId: string, seq: number): boolean;
  frozen: boolean;
  /** Waves already announced (mutated: one "injected" line per wave). */
  announcedWaves: Set<string>;
}

export function tickerLines(events: readonly GameEvent[], ctx: TickerContext): TickerMessage[] {
  const out: TickerMessage[] = [];
  for (const e of events) {
    switch (e.type) {
      case "incident-injected": {
        const wave = e.waveId ?? e.scenarioId;
        if (ctx.announcedWaves.has(wave)) break;
        ctx.announcedWaves.add(wave);
        out.push({ kind: "injected", text: `New incident: ${ctx.scenarioTitle(e.scenarioId)}`, at: e.at });
        break;
      }
      case "incident-diagnosed": {
        const inj = ctx.injection(e.incidentId);
        if (!inj || ctx.frozen) break;
        out.push({ kind: "diagnosed", text: `Team ${ctx.teamName(e.teamId)} diagnosed ${ctx.scenarioTitle(inj.scenarioId)} in ${clock(e.at - inj.at)}`, at: e.at, teamId: e.teamId });
        break;
      }
      case "incident-recovered": {
        const inj = ctx.injection(e.incidentId);
        if (!inj || ctx.frozen) break;
        const text = `Team ${ctx.teamName(e.teamId)} recovered ${ctx.scenarioTitle(inj.scenarioId)} in ${clock(e.healthySince - inj.at)}`;
        if (ctx.isFirstRecovery(e.incidentId, e.seq)) out.push({ kind: "first-to-recover", text: `${text} — first to recover!`, at: e.at, teamId: e.teamId });
        else out.push({ kind: "recovered", text, at: e.at, teamId: e.teamId });
        break;
      }
      case "incident-expired": {
        const inj = ctx.injection(e.incidentId);
        if (!inj || ctx.frozen) break;
        out.push({ kind: "expired", text: `Time is up for Team ${ctx.teamName(e.teamId)} on ${ctx.scenarioTitle(inj.scenarioId)}`, at: e.at, teamId: e.teamId });
        break;
      }
      case "game-started":
        out.push({ kind: "info", text: "The game has started", at: e.at });
        break;
      case "game-paused":
        out.push({ kind: "info", text: "The host paused the game", at: e.at });
        break;
      case "game-resumed":
        out.push({ kind: "info", text: "The game resumed", at: e.at });
        break;
      case "game-ended":
        out.push({ kind: "info", text: "The game is over — debrief is open", at: e.at });
        break;
      case "scoreboard-frozen":
        out.push({ kind: "info", text: "Scoreboard frozen", at: e.at });
        break;
      default:
        break;
    }
  }
  return out;
}

import type { GameEvent } from "../../../server/src/scoring/index.js";
import { parseGameEvent } from "../../../server/src/scoring/index.js";

export const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
export const MIN = 60_000;
export const SEC = 1_000;

/** Scenarios used by the scoring tests: 200 points in 10 minutes makes the arithmetic readable. */
export const SCENARIOS = {
  "bad-image-tag": { points: 200, timeLimitMs: 10 * MIN },
  "missing-configmap": { points: 300, timeLimitMs: 15 * MIN },
};

/** Builds a validated event log with increasing `seq`; times are ms after T0. */
export class LogBuilder {
  readonly events: GameEvent[] = [];
  constructor(readonly gameId = "g1") {}

  add(draft: { type: GameEvent["type"]; [field: string]: unknown }, atOffsetMs = 0): this {
    const at = T0 + atOffsetMs;
    this.events.push(parseGameEvent({ ...draft, at, seq: this.events.length + 1, gameId: this.gameId }));
    return this;
  }

  join(teamId: string, name = teamId, t = 0): this {
    return this.add({ type: "team-joined", teamId, name }, t);
  }
  inject(teamId: string, incidentId: string, t = 0, scenarioId = "bad-image-tag", waveId?: string): this {
    return this.add({ type: "incident-injected", teamId, incidentId, scenarioId, params: {}, ...(waveId ? { waveId } : {}) }, t);
  }
  diagnose(teamId: string, incidentId: string, t: number): this {
    return this.add({ type: "incident-diagnosed", teamId, incidentId, clueIndex: 0, command: "kubectl describe" }, t);
  }
  recover(teamId: string, incidentId: string, healthySinceT: number, confirmedT = healthySinceT + 30 * SEC): this {
    return this.add({ type: "incident-recovered", teamId, incidentId, healthySince: T0 + healthySinceT }, confirmedT);
  }
  expire(teamId: string, incidentId: string, t: number): this {
    return this.add({ type: "incident-expired", teamId, incidentId }, t);
  }
  declare(teamId: string, incidentId: string, correct: boolean, t: number, attempt = 1): this {
    return this.add({ type: "root-cause-declared", teamId, incidentId, optionId: correct ? "right" : "wrong", correct, attempt }, t);
  }
  hint(teamId: string, incidentId: string, hintIndex: number, cost: number, t: number): this {
    return this.add({ type: "hint-bought", teamId, incidentId, hintIndex, cost }, t);
  }
  collateral(teamId: string, durationMs: number, t: number, incidentId?: string): this {
    return this.add(
      { type: "collateral-damage", teamId, target: "deployments/backend", startedAt: T0 + t, durationMs, ...(incidentId ? { incidentId } : {}) },
      t + durationMs,
    );
  }
  pause(t: number): this {
    return this.add({ type: "game-paused" }, t);
  }
  resume(t: number): this {
    return this.add({ type: "game-resumed" }, t);
  }
}

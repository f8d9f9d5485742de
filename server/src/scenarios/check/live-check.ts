/**
 * Result shapes of the live phase of `npm run scenarios:check`. The live phase itself needs the sim, kube/
 * and engine, which scenarios/ may not import, so it lives in server/src/tools/scenarios-check/ (a
 * composition root); `npm run scenarios:check` runs both phases from there.
 *
 * For each scenario, in a fresh namespace of one simulated cluster on a fake clock:
 * baseline healthy → break → every symptom seen → recovery not met → reference solution through real
 * kubectl → recovered within timeLimit → each forbid shortcut rejected (modelled on the recovered state,
 * where only the forbid stands between the shortcut and a pass) → reset.
 */

/** The steps, in order. */
export const LIVE_CHECK_STEPS = ["baseline", "break", "symptoms", "not-recovered", "solution", "recovered", "forbid", "reset"] as const;
export type LiveCheckStepName = (typeof LIVE_CHECK_STEPS)[number];

export interface LiveCheckStep {
  name: LiveCheckStepName;
  /** "skipped" after an earlier step failed (reset always runs). */
  outcome: "pass" | "fail" | "skipped";
  /** What was seen (on pass) or what went wrong (on fail). */
  detail: string;
  /** Wall-clock time the step took, ms. */
  ms: number;
  /** Simulated time the step took, ms. */
  simMs: number;
}

export interface LiveCheckResult {
  id: string;
  namespace: string;
  ok: boolean;
  steps: LiveCheckStep[];
  /** Wall-clock time of the whole scenario, ms. */
  ms: number;
  /** Simulated time from the break to sustained recovery, ms (undefined when it did not recover). */
  recoveredAfterMs?: number;
}

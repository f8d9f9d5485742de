/**
 * A keyed work queue like client-go's: a key enqueued many times is reconciled once, failures are
 * retried with exponential back-off, and delayed re-checks (progress deadlines, minReadySeconds)
 * run on the injected Clock. Reconciles run from a zero-delay clock timer, never inside the store
 * write that triggered them, so a watch callback never re-enters the store.
 */
import type { Clock, Logger, TimerHandle } from "../../core/index.js";

/** client-go's DefaultControllerRateLimiter: 5 ms doubling per failure… */
export const RETRY_BASE_DELAY_MS = 5;
/** …capped at 1000 s. */
export const RETRY_MAX_DELAY_MS = 1_000_000;
/** A drain that keeps finding work after this many reconciles is a feedback loop (a bug)… */
const MAX_RECONCILES_PER_DRAIN = 5_000;
/** …so it pauses this long before carrying on, instead of freezing the process. */
const LOOP_PAUSE_MS = 1_000;

export type ReconcileResult = void | {
  /** Re-check this key after the delay (e.g. a progress deadline). */
  requeueAfterMs?: number;
  /** The reconcile hit an expected failure (already reported): retry with back-off. */
  retry?: boolean;
};

export interface WorkQueue {
  enqueue(key: string, delayMs?: number): void;
  /** Current back-off failures for a key (tests and events use it). */
  failures(key: string): number;
  stop(): void;
}

export function createWorkQueue(opts: {
  name: string;
  clock: Clock;
  logger: Logger;
  reconcile: (key: string) => ReconcileResult;
}): WorkQueue {
  const due = new Set<string>();
  const delayed = new Map<string, { at: number; timer: TimerHandle }>();
  const failureCounts = new Map<string, number>();
  let drainTimer: TimerHandle | undefined;
  let stopped = false;

  function scheduleDrain(delayMs = 0): void {
    if (drainTimer || stopped) return;
    drainTimer = opts.clock.setTimeout(drain, delayMs);
  }

  function drain(): void {
    drainTimer = undefined;
    let n = 0;
    while (due.size > 0 && !stopped) {
      if (++n > MAX_RECONCILES_PER_DRAIN) {
        opts.logger.warn({ controller: opts.name, pending: due.size }, "reconcile loop did not settle; pausing");
        scheduleDrain(LOOP_PAUSE_MS);
        return;
      }
      const key = due.values().next().value as string;
      due.delete(key);
      runOne(key);
    }
  }

  function runOne(key: string): void {
    let result: ReconcileResult;
    try {
      result = opts.reconcile(key);
    } catch (err) {
      const code = (err as { code?: unknown })?.code;
      // Conflicts are normal optimistic-concurrency races; anything else deserves a log line.
      if (code !== 409) opts.logger.warn({ controller: opts.name, key, err }, "reconcile failed; retrying");
      retryLater(key);
      return;
    }
    if (result?.retry) {
      retryLater(key);
    } else {
      failureCounts.delete(key);
    }
    if (result?.requeueAfterMs !== undefined) enqueue(key, result.requeueAfterMs);
  }

  function retryLater(key: string): void {
    const n = failureCounts.get(key) ?? 0;
    failureCounts.set(key, n + 1);
    enqueue(key, Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** n));
  }

  function enqueue(key: string, delayMs = 0): void {
    if (stopped) return;
    if (delayMs <= 0) {
      due.add(key);
      scheduleDrain();
      return;
    }
    const at = opts.clock.now() + delayMs;
    const existing = delayed.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = opts.clock.setTimeout(() => {
      delayed.delete(key);
      enqueue(key);
    }, delayMs);
    delayed.set(key, { at, timer });
  }

  return {
    enqueue,
    failures: (key) => failureCounts.get(key) ?? 0,
    stop() {
      stopped = true;
      drainTimer?.cancel();
      for (const d of delayed.values()) d.timer.cancel();
      delayed.clear();
      due.clear();
    },
  };
}

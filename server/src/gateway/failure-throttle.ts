/**
 * Per-client failure throttle for authentication: after `maxFailures` failures inside a sliding
 * `windowMs`, the client is blocked until the oldest failure leaves the window. Blocked clients
 * are refused before their token is even looked at, so guessing gets no faster by sending more.
 */
import type { Clock } from "../core/index.js";

/** Failed authentications allowed per client inside the window. */
export const DEFAULT_AUTH_FAILURES_PER_WINDOW = 10;
/** Sliding window for counting failures, in milliseconds (1 minute). */
export const DEFAULT_AUTH_FAILURE_WINDOW_MS = 60_000;
/** Upper bound on tracked clients, so a spray of source addresses cannot exhaust memory. */
export const MAX_TRACKED_CLIENTS = 10_000;

export interface FailureThrottleOptions {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
}

export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(private readonly options: FailureThrottleOptions) {
    this.maxFailures = options.maxFailures ?? DEFAULT_AUTH_FAILURES_PER_WINDOW;
    this.windowMs = options.windowMs ?? DEFAULT_AUTH_FAILURE_WINDOW_MS;
  }

  private recent(key: string): number[] {
    const now = this.options.clock.now();
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until `key` may try again; 0 when it is not blocked. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.maxFailures) return 0;
    const oldestThatMatters = list[list.length - this.maxFailures];
    return Math.max(1, oldestThatMatters + this.windowMs - this.options.clock.now());
  }

  recordFailure(key: string): void {
    const list = this.recent(key);
    list.push(this.options.clock.now());
    // keep only what can still matter
    if (list.length > this.maxFailures) list.splice(0, list.length - this.maxFailures);
    this.failures.set(key, list);
    if (this.failures.size > MAX_TRACKED_CLIENTS) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Number of clients currently tracked (for tests and metrics). */
  size(): number {
    return this.failures.size;
  }
}

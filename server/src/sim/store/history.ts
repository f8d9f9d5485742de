import type { KubeObject } from "./types.js";

/** Default number of change events kept for watch replay (a watch older than this gets 410 Gone). */
export const DEFAULT_WATCH_HISTORY_SIZE = 10_000;

/** One committed change. Every resourceVersion the store issues has exactly one of these. */
export interface ChangeEvent {
  readonly rv: number;
  readonly gvrKey: string;
  /** "" for cluster-scoped objects. */
  readonly namespace: string;
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  /** Frozen; the object after the change (for DELETED, its last state at the deletion's RV). */
  readonly object: Readonly<KubeObject>;
  /** Frozen; the object before a MODIFIED change (for selector transitions). */
  readonly prev?: Readonly<KubeObject>;
}

/** A bounded ring of change events in increasing resourceVersion order. */
export class HistoryRing {
  private readonly buffer: (ChangeEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** The highest resourceVersion no longer replayable (0 while nothing was evicted). */
  evictedUpTo = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`watch history size must be a positive integer, got ${capacity}`);
    this.buffer = new Array(capacity);
  }

  push(event: ChangeEvent): void {
    if (this.size === this.capacity) {
      this.evictedUpTo = this.buffer[this.start]!.rv;
      this.buffer[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.buffer[(this.start + this.size) % this.capacity] = event;
      this.size++;
    }
  }

  private at(i: number): ChangeEvent {
    return this.buffer[(this.start + i) % this.capacity]!;
  }

  /** Events with rv > `afterRv`, oldest first. The caller checks `afterRv >= evictedUpTo`. */
  *since(afterRv: number): Generator<ChangeEvent> {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).rv <= afterRv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.size; i++) yield this.at(i);
  }
}

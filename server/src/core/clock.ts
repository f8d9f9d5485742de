/**
 * Time source for everything in Firedrill. Production uses {@link RealClock}; tests inject
 * {@link FakeClock} so a 10-minute incident runs in milliseconds, deterministically.
 */
export interface TimerHandle {
  /** Cancels the timer; a no-op when it already fired. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs` (clamped to ≥ 0). */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  /** Runs `fn` every `intervalMs` until cancelled. */
  setInterval(fn: () => void, intervalMs: number): TimerHandle;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }
  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const t = setInterval(fn, Math.max(1, intervalMs));
    t.unref?.();
    return { cancel: () => clearInterval(t) };
  }
}

interface FakeTimer {
  id: number;
  dueAt: number;
  fn: () => void;
  intervalMs?: number;
  cancelled: boolean;
}

/** Earlier due time first; ties in creation (or re-arm) order. */
function firesBefore(a: FakeTimer, b: FakeTimer): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

/** Binary min-heap of timers: firing one costs O(log n), not a scan of every pending timer. */
class TimerHeap {
  private items: FakeTimer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): FakeTimer | undefined {
    return this.items[0];
  }

  push(t: FakeTimer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!firesBefore(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): FakeTimer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && firesBefore(a[l]!, a[m]!)) m = l;
        if (r < a.length && firesBefore(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A manual clock. Timers fire in due-time order (ties in creation order) only when
 * {@link FakeClock.advance} moves time past them; a timer scheduled by a firing timer
 * fires in the same advance if it falls due within it.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap = new TimerHeap();
  private live = 0;

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.add(fn, Math.max(0, delayMs));
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.add(fn, Math.max(1, intervalMs), Math.max(1, intervalMs));
  }

  /** Number of timers still waiting to fire. */
  pending(): number {
    return this.live;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Moves time to `targetMs` (never backwards), firing due timers in order. */
  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.nextDue();
      if (!next || next.dueAt > targetMs) break;
      this.current = Math.max(this.current, next.dueAt);
      this.fire(next);
    }
    this.current = Math.max(this.current, targetMs);
  }

  /**
   * Like {@link advance}, but yields to the event loop after each timer so promise
   * continuations scheduled by a timer run before the next one fires.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.nextDue();
      if (!next || next.dueAt > target) break;
      this.current = Math.max(this.current, next.dueAt);
      this.fire(next);
    }
    this.current = Math.max(this.current, target);
    await flushMicrotasks();
  }

  private add(fn: () => void, delayMs: number, intervalMs?: number): TimerHandle {
    const timer: FakeTimer = { id: this.seq++, dueAt: this.current + delayMs, fn, intervalMs, cancelled: false };
    this.heap.push(timer);
    this.live++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.live--;
      },
    };
  }

  /** The earliest live timer; cancelled ones are dropped lazily as they reach the top. */
  private nextDue(): FakeTimer | undefined {
    while (this.heap.peek()?.cancelled) this.heap.pop();
    return this.heap.peek();
  }

  private fire(timer: FakeTimer): void {
    this.heap.pop();
    if (timer.intervalMs !== undefined) {
      timer.dueAt += timer.intervalMs;
      timer.id = this.seq++;
      this.heap.push(timer);
    } else {
      timer.cancelled = true;
      this.live--;
    }
    timer.fn();
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock whose durations run `scale` times faster than `base`, for simulated cluster time
 * (FIREDRILL_TIME_SCALE). `now()` also advances `scale` times faster from the moment of creation,
 * so ages and back-offs shown by the simulated cluster stay consistent with its timers.
 */
export class ScaledClock implements Clock {
  private readonly originBase: number;
  constructor(
    private readonly base: Clock,
    private readonly scale: number,
  ) {
    if (!(scale > 0)) throw new Error(`time scale must be > 0, got ${scale}`);
    this.originBase = base.now();
  }
  now(): number {
    const elapsed = this.base.now() - this.originBase;
    return Math.floor(this.originBase + elapsed * this.scale);
  }
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.base.setTimeout(fn, delayMs / this.scale);
  }
  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.base.setInterval(fn, intervalMs / this.scale);
  }
}

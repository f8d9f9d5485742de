/**
 * Caps concurrent API requests. Provisioning 50 teams fires ~1,000 requests at once; unbounded,
 * they open as many TLS connections and time out connecting (observed against the sim: undici
 * "Connect Timeout Error"). A small pool of in-flight requests is faster as well as safe.
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`limiter size must be a positive integer, got ${max}`);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}

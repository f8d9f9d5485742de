/**
 * One kubectl request as the engine sees it, and the queue that records it off the hot path:
 * the proxy pushes after the response finished; a setImmediate batch publishes on the bus and
 * hands the batch to an optional persistence sink.
 */
import type { EventBus, Logger } from "../core/index.js";

export type DeniedBy = "auth" | "throttle" | "gateway" | "cluster";

export interface Activity {
  /** Null when authentication failed (no team known). */
  teamId: string | null;
  gameCode: string | null;
  /** Epoch ms when the request arrived. */
  at: number;
  method: string;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path: string;
  labelSelector: string;
  fieldSelector: string;
  /** `kubectl get`, `kubectl set image`…; "" when kubectl sent none (e.g. the dispatcher's /version). */
  kubectlCommand: string;
  kubectlSession: string;
  /** HTTP status returned to the client (101 for established exec/attach upgrades). */
  code: number;
  /** Milliseconds from request arrival to response headers (upgrades: to the 101). */
  latencyMs: number;
  allowed: boolean;
  /** Out of bounds: who refused it. Set whenever `allowed` is false. */
  deniedBy?: DeniedBy;
  /** Machine-readable reason (scope reason, auth reason). */
  reason?: string;
  isDiscovery: boolean;
  clientIp: string;
}

export interface GatewayEvents extends Record<string, unknown> {
  activity: Activity;
}

export type ActivitySink = (batch: readonly Activity[]) => void | Promise<void>;

/** Most activities buffered before new ones are dropped (sink stalled); ~a few MB. */
export const MAX_PENDING_ACTIVITIES = 10_000;

export class ActivityRecorder {
  private pending: Activity[] = [];
  private scheduled = false;
  private dropped = 0;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: { bus?: EventBus<GatewayEvents>; sink?: ActivitySink; logger?: Logger },
  ) {}

  /** Never throws, never awaits: the request path only pays for an array push. */
  record(activity: Activity): void {
    if (this.pending.length >= MAX_PENDING_ACTIVITIES) {
      this.dropped++;
      return;
    }
    this.pending.push(activity);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  droppedCount(): number {
    return this.dropped;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    for (const a of batch) this.deps.bus?.emit("activity", a);
    const sink = this.deps.sink;
    if (!sink) return;
    const p = (async () => {
      try {
        await sink(batch);
      } catch (err) {
        this.deps.logger?.warn({ err, count: batch.length }, "activity sink failed");
      }
    })();
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Waits until everything recorded so far reached the bus and the sink (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled || this.inFlight.size > 0) {
      if (this.scheduled || this.pending.length > 0) await new Promise<void>((r) => setImmediate(r));
      else await Promise.all([...this.inFlight]);
    }
  }
}

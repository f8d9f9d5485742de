/**
 * List-then-watch of a team namespace, kept as an in-memory snapshot the engine evaluates recovery
 * on. Each kind resumes from its last resourceVersion after a disconnect, re-lists after a 410
 * (Gone: the RV is too old), and reconnects with capped exponential back-off after errors.
 */
import { Watch, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import type { Clock, Logger, TimerHandle } from "../core/index.js";
import type { ObjectClient } from "./api-client.js";
import { ALL_SNAPSHOT_KINDS, collectionPath, SNAPSHOT_KINDS, type KindInfo, type SnapshotKind } from "./kinds.js";

/** First reconnect delay after a watch error. */
export const WATCH_RETRY_MIN_MS = 250;
/** Longest reconnect delay. */
export const WATCH_RETRY_MAX_MS = 30_000;
/**
 * A watch with no data (events or bookmarks) for this long is presumed dead and reopened.
 * client-node's own default is 30 s, shorter than the ~60 s between API server bookmarks, which
 * made every quiet watch drop and back off; this must stay above the bookmark interval.
 */
export const WATCH_IDLE_TIMEOUT_MS = 90_000;
/** Server-side watch lifetime, randomised like client-go's informers so reconnects spread out. */
export const WATCH_SERVER_TIMEOUT_MIN_S = 300;
export const WATCH_SERVER_TIMEOUT_MAX_S = 600;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface NamespaceWatchEvent {
  namespace: string;
  kind: SnapshotKind;
  type: WatchEventType;
  object: KubernetesObject;
}

/** Objects of each watched kind, keyed by name. */
export type NamespaceSnapshot = Record<SnapshotKind, Record<string, KubernetesObject>>;

export type NamespaceWatchHandler = (event: NamespaceWatchEvent) => void;

interface WatcherDeps {
  kc: KubeConfig;
  client: ObjectClient;
  clock: Clock;
  logger: Logger;
}

function emptySnapshot(): NamespaceSnapshot {
  const s = {} as NamespaceSnapshot;
  for (const k of ALL_SNAPSHOT_KINDS) s[k] = {};
  return s;
}

/** One kind in one namespace: list, then watch from the list's resourceVersion, forever until stopped. */
export class KindWatcher {
  readonly objects = new Map<string, KubernetesObject>();
  private resourceVersion = "";
  private stopped = false;
  private gone = false;
  private abort: AbortController | undefined;
  private retryMs = WATCH_RETRY_MIN_MS;
  private retryTimer: TimerHandle | undefined;
  private synced: Promise<void>;
  private resolveSynced!: () => void;
  /** Connections made so far (tests observe resumes). */
  watchCount = 0;
  listCount = 0;

  constructor(
    private readonly deps: WatcherDeps,
    private readonly info: KindInfo,
    private readonly namespace: string,
    private readonly onChange: (type: WatchEventType, obj: KubernetesObject) => void,
  ) {
    this.synced = new Promise((r) => (this.resolveSynced = r));
  }

  /** Resolves after the first successful list. */
  start(): Promise<void> {
    void this.relist();
    return this.synced;
  }

  stop(): void {
    this.stopped = true;
    this.retryTimer?.cancel();
    this.abort?.abort();
  }

  /** Drops the current connection as a network failure would; the watcher resumes by itself. */
  disconnect(): void {
    this.abort?.abort();
  }

  private path(): string {
    return collectionPath(this.info, this.namespace);
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    this.gone = false;
    try {
      this.listCount++;
      const list = await this.deps.client.json<{ metadata?: { resourceVersion?: string }; items?: KubernetesObject[] }>(
        "GET",
        this.path(),
      );
      if (this.stopped) return;
      const seen = new Set<string>();
      for (const item of list.items ?? []) {
        const name = item.metadata?.name;
        if (!name) continue;
        seen.add(name);
        const obj = { apiVersion: this.info.apiVersion, kind: this.info.kind, ...item };
        const had = this.objects.has(name);
        this.objects.set(name, obj);
        this.onChange(had ? "MODIFIED" : "ADDED", obj);
      }
      for (const [name, obj] of this.objects) {
        if (!seen.has(name)) {
          this.objects.delete(name);
          this.onChange("DELETED", obj);
        }
      }
      this.resourceVersion = list.metadata?.resourceVersion ?? "";
      this.resolveSynced();
      this.watch();
    } catch (err) {
      this.deps.logger.debug({ err: String(err), path: this.path() }, "list failed; retrying");
      this.retryLater(() => this.relist());
    }
  }

  private retryLater(fn: () => void): void {
    if (this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, WATCH_RETRY_MAX_MS);
    this.retryTimer = this.deps.clock.setTimeout(fn, delay);
  }

  private watch(): void {
    if (this.stopped) return;
    this.watchCount++;
    const w = new Watch(this.deps.kc);
    // not a constructor option in client-node 2.0.1; see WATCH_IDLE_TIMEOUT_MS
    (w as unknown as { requestTimeoutMs: number }).requestTimeoutMs = WATCH_IDLE_TIMEOUT_MS;
    const timeoutSeconds =
      WATCH_SERVER_TIMEOUT_MIN_S + Math.floor(Math.random() * (WATCH_SERVER_TIMEOUT_MAX_S - WATCH_SERVER_TIMEOUT_MIN_S));
    const query: Record<string, string | number | boolean> = { allowWatchBookmarks: true, timeoutSeconds };
    if (this.resourceVersion) query.resourceVersion = this.resourceVersion;
    w.watch(
      this.path(),
      query,
      (type, obj: KubernetesObject & { code?: number }) => this.onEvent(type, obj),
      (err: unknown) => this.onDone(err),
    ).then(
      (controller) => {
        this.abort = controller;
        if (this.stopped) controller.abort();
      },
      (err) => this.onDone(err),
    );
  }

  private onEvent(type: string, obj: KubernetesObject & { code?: number }): void {
    if (this.stopped) return;
    if (type === "ERROR") {
      if (obj?.code === 410) this.gone = true;
      return;
    }
    const rv = obj?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.retryMs = WATCH_RETRY_MIN_MS;
    if (type === "BOOKMARK") return;
    const name = obj?.metadata?.name;
    if (!name) return;
    const full = { apiVersion: this.info.apiVersion, kind: this.info.kind, ...obj };
    if (type === "DELETED") {
      this.objects.delete(name);
      this.onChange("DELETED", full);
    } else if (type === "ADDED" || type === "MODIFIED") {
      const had = this.objects.has(name);
      this.objects.set(name, full);
      this.onChange(had ? "MODIFIED" : "ADDED", full);
    }
  }

  private onDone(err: unknown): void {
    if (this.stopped) return;
    const status = (err as { statusCode?: number } | null)?.statusCode;
    if (this.gone || status === 410) {
      this.retryMs = WATCH_RETRY_MIN_MS;
      void this.relist();
    } else if (err && (err as { name?: string }).name !== "TimeoutError") {
      this.deps.logger.debug({ err: String(err), path: this.path() }, "watch dropped; resuming");
      this.retryLater(() => this.watch());
    } else {
      // the server ended the watch (timeoutSeconds) or it sat idle past WATCH_IDLE_TIMEOUT_MS:
      // not a failure, resume at once from the last RV
      this.watch();
    }
  }
}

/** All snapshot kinds of one namespace. */
export class NamespaceWatch {
  private readonly watchers = new Map<SnapshotKind, KindWatcher>();
  private readonly handlers = new Set<NamespaceWatchHandler>();

  constructor(
    deps: WatcherDeps,
    readonly namespace: string,
    kinds: readonly SnapshotKind[] = ALL_SNAPSHOT_KINDS,
  ) {
    for (const kind of kinds) {
      this.watchers.set(
        kind,
        new KindWatcher(deps, SNAPSHOT_KINDS[kind], namespace, (type, object) => {
          for (const h of [...this.handlers]) {
            try {
              h({ namespace, kind, type, object });
            } catch (err) {
              deps.logger.warn({ err, namespace }, "namespace watch handler threw");
            }
          }
        }),
      );
    }
  }

  onEvent(handler: NamespaceWatchHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Resolves when every kind has been listed once. */
  async start(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.start()));
  }

  stop(): void {
    for (const w of this.watchers.values()) w.stop();
    this.handlers.clear();
  }

  /** A copy of the current objects (safe to keep; later events do not mutate it). */
  snapshot(): NamespaceSnapshot {
    const s = emptySnapshot();
    for (const [kind, w] of this.watchers) {
      for (const [name, obj] of w.objects) s[kind][name] = obj;
    }
    return s;
  }

  watcher(kind: SnapshotKind): KindWatcher | undefined {
    return this.watchers.get(kind);
  }
}

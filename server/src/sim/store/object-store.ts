/**
 * The simulated cluster's in-memory object store: CRUD with kube-apiserver semantics
 * (resourceVersion, generation, optimistic concurrency, graceful and cascading deletion,
 * finalizers), watch fan-out with a bounded replay history, selectors and paging.
 *
 * Objects are stored frozen: a stored object is never mutated, every write stores a new one.
 * That lets watch events share the stored object (consumers can't corrupt the store: writes
 * to a frozen object throw) while get/list hand out private mutable copies.
 */
import { newUid as defaultNewUid, randomString, KUBE_NAME_ALPHABET, type Clock, type RandomSource, type TimerHandle } from "../../core/index.js";
import { decodeContinue, encodeContinue } from "./continue-token.js";
import {
  CONTINUE_EXPIRED_MESSAGE,
  StoreError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  tooOldResourceVersion,
  uidPreconditionFailed,
} from "./errors.js";
import { ALL_FIELDS, matchesFieldSelector, parseFieldSelector, type FieldSelector } from "./field-selector.js";
import { DEFAULT_WATCH_HISTORY_SIZE, HistoryRing, type ChangeEvent } from "./history.js";
import { deepClone, deepEqual, deepFreeze, isPlainObject } from "./json.js";
import { EVERYTHING, isEverything, matchesLabelSelector, parseLabelSelector, type LabelSelector } from "./label-selector.js";
import type {
  AdmissionHook,
  DeleteOptions,
  GroupVersionResource,
  KubeObject,
  ListOptions,
  ListResult,
  ReadonlyListResult,
  RemovalListener,
  SimObjectStore,
  StoredObject,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from "./types.js";

/** Pods without an explicit grace period get kube's default, in seconds. */
export const DEFAULT_POD_GRACE_PERIOD_SECONDS = 30;
/** Length of the random suffix added to `metadata.generateName`, in characters. */
export const GENERATE_NAME_SUFFIX_LENGTH = 5;
/** Attempts at a free generated name before giving up with AlreadyExists. */
const GENERATE_NAME_ATTEMPTS = 8;
/** The finalizer kube-apiserver adds to an owner deleted with propagationPolicy=Foreground. */
export const FOREGROUND_DELETION_FINALIZER = "foregroundDeletion";

export interface ObjectStoreOptions {
  clock: Clock;
  /** Change events kept for watch replay; default {@link DEFAULT_WATCH_HISTORY_SIZE}. */
  watchHistorySize?: number;
  /** Random source for generated name suffixes (seeded in tests). */
  random?: RandomSource;
  /** uid factory; default core `newUid` (random UUID v4). */
  newUid?: () => string;
  /** Receives errors thrown by watch callbacks and removal listeners (they never reach the writer). */
  onWatcherError?: (err: unknown) => void;
}

interface Entry {
  readonly gvr: GroupVersionResource;
  readonly gvrKey: string;
  readonly namespace: string;
  readonly name: string;
  obj: Readonly<KubeObject>;
  graceTimer?: TimerHandle;
  removed: boolean;
}

interface Watcher {
  readonly gvrKey: string;
  readonly namespace: string | undefined;
  readonly labels: LabelSelector;
  readonly fields: FieldSelector;
  readonly onEvent: (event: WatchEvent) => void;
  /** Live events at or below this RV were already covered by the initial list/replay. */
  startRv: number;
  stopped: boolean;
  /** Live events that arrive while the initial events are still being handed over (kept in order). */
  backlog?: WatchEvent[];
}

export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

/** Sort key: namespace, then name (NUL sorts before every name character). */
function sortKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/** RFC 3339 in UTC without fractional seconds, as Kubernetes serialises metav1.Time. */
export function formatTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function isPods(gvr: GroupVersionResource): boolean {
  return gvr.group === "" && gvr.resource === "pods";
}

function isNamespaces(gvr: GroupVersionResource): boolean {
  return gvr.group === "" && gvr.resource === "namespaces";
}

/**
 * Whether something still holds a deleted object: metadata finalizers, or for a namespace the
 * `spec.finalizers` ("kubernetes") that the namespace controller removes once the namespace is empty.
 */
function hasFinalizers(gvr: GroupVersionResource, obj: Readonly<KubeObject>): boolean {
  if (obj.metadata.finalizers?.length) return true;
  if (!isNamespaces(gvr)) return false;
  const specFinalizers = (obj.spec as { finalizers?: unknown[] } | undefined)?.finalizers;
  return Array.isArray(specFinalizers) && specFinalizers.length > 0;
}

function ownerUids(obj: Readonly<KubeObject>): string[] {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.map((r) => r?.uid).filter((u): u is string => typeof u === "string" && u !== "");
}

function withoutMetaAndStatus(obj: Readonly<KubeObject>): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

function parseResourceVersion(raw: string): number {
  if (!/^\d+$/.test(raw)) throw badRequest(`invalid resource version: ${JSON.stringify(raw)}`);
  return Number(raw);
}

class ObjectStoreImpl implements SimObjectStore {
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly makeUid: () => string;
  private readonly onWatcherError: (err: unknown) => void;
  private readonly history: HistoryRing;

  private rv = 0;
  /** gvrKey → namespace ("" for cluster-scoped) → name → entry. */
  private readonly objects = new Map<string, Map<string, Map<string, Entry>>>();
  private readonly counts = new Map<string, number>();
  private readonly byUid = new Map<string, Entry>();
  /** owner uid → entries that list it in ownerReferences. */
  private readonly dependents = new Map<string, Set<Entry>>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly hooks: AdmissionHook[] = [];
  private readonly removalListeners = new Set<RemovalListener>();

  /** Events waiting for fan-out; delivery is synchronous, in RV order, even when a watcher writes. */
  private readonly queue: ChangeEvent[] = [];
  private delivering = false;
  /** Per-event cache of the "left the selector" view (previous content at the new RV). */
  private readonly leftView = new WeakMap<ChangeEvent, Readonly<KubeObject>>();

  constructor(options: ObjectStoreOptions) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.makeUid = options.newUid ?? defaultNewUid;
    this.onWatcherError =
      options.onWatcherError ??
      ((err) => {
        // a watcher bug must be visible, but must never break the writer
        console.error("sim store: watch callback threw", err);
      });
    this.history = new HistoryRing(options.watchHistorySize ?? DEFAULT_WATCH_HISTORY_SIZE);
  }

  // ------------------------------------------------------------------------------ reads

  currentResourceVersion(): string {
    return String(this.rv);
  }

  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.find(gvrKey(gvr), namespace ?? "", name);
    return entry ? deepClone(entry.obj) as KubeObject : undefined;
  }

  count(gvr: GroupVersionResource, namespace?: string): number {
    const key = gvrKey(gvr);
    if (namespace === undefined) return this.counts.get(key) ?? 0;
    return this.objects.get(key)?.get(namespace)?.size ?? 0;
  }

  getByUid(uid: string): StoredObject | undefined {
    const entry = this.byUid.get(uid);
    return entry ? { gvr: entry.gvr, object: deepClone(entry.obj) as KubeObject } : undefined;
  }

  findDependents(ownerUid: string): StoredObject[] {
    const set = this.dependents.get(ownerUid);
    if (!set) return [];
    return [...set].map((e) => ({ gvr: e.gvr, object: deepClone(e.obj) as KubeObject }));
  }

  list(gvr: GroupVersionResource, options: ListOptions = {}): ListResult {
    return this.listWith(gvr, options, (obj) => deepClone(obj) as KubeObject);
  }

  peek(gvr: GroupVersionResource, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined {
    return this.find(gvrKey(gvr), namespace ?? "", name)?.obj;
  }

  peekList(gvr: GroupVersionResource, options: ListOptions = {}): ReadonlyListResult {
    return this.listWith(gvr, options, (obj) => obj);
  }

  private listWith<T>(gvr: GroupVersionResource, options: ListOptions, out: (obj: Readonly<KubeObject>) => T): { items: T[]; resourceVersion: string; continue?: string; remainingItemCount?: number } {
    const labels = options.labelSelector ? parseLabelSelector(options.labelSelector) : EVERYTHING;
    const fields = options.fieldSelector ? parseFieldSelector(options.fieldSelector) : ALL_FIELDS;
    let listRv = this.rv;
    let after: string | undefined;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      // without MVCC snapshots, a page can only claim consistency while the history covers its RV
      if (token.rv < this.history.evictedUpTo) throw new StoreError("Expired", CONTINUE_EXPIRED_MESSAGE);
      listRv = token.rv;
      after = token.start;
    }
    const matches: { key: string; entry: Entry }[] = [];
    const byNs = this.objects.get(gvrKey(gvr));
    if (byNs) {
      const namespaces = options.namespace !== undefined ? [options.namespace] : [...byNs.keys()];
      for (const ns of namespaces) {
        const names = byNs.get(ns);
        if (!names) continue;
        for (const entry of names.values()) {
          if (!matchesLabelSelector(labels, entry.obj.metadata.labels)) continue;
          if (!matchesFieldSelector(fields, entry.obj)) continue;
          const key = sortKey(entry.namespace, entry.name);
          if (after !== undefined && key <= after) continue;
          matches.push({ key, entry });
        }
      }
    }
    matches.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const limit = options.limit && options.limit > 0 ? Math.floor(options.limit) : 0;
    const page = limit && matches.length > limit ? matches.slice(0, limit) : matches;
    const result: { items: T[]; resourceVersion: string; continue?: string; remainingItemCount?: number } = {
      items: page.map((m) => out(m.entry.obj)),
      resourceVersion: String(listRv),
    };
    if (page.length < matches.length) {
      result.continue = encodeContinue({ rv: listRv, start: page[page.length - 1]!.key });
      // kube only reports the remaining count when it is exact, i.e. without selectors
      if (isEverything(labels) && fields.requirements.length === 0) result.remainingItemCount = matches.length - page.length;
    }
    return result;
  }

  // ------------------------------------------------------------------------------ writes

  addAdmissionHook(hook: AdmissionHook): void {
    this.hooks.push(hook);
  }

  onRemoved(listener: RemovalListener): () => void {
    this.removalListeners.add(listener);
    return () => this.removalListeners.delete(listener);
  }

  create(gvr: GroupVersionResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const obj = this.checkShape(input);
    const key = gvrKey(gvr);
    const meta = obj.metadata;
    const namespace = typeof meta.namespace === "string" ? meta.namespace : "";
    if (!meta.name) {
      if (!meta.generateName) {
        throw invalid(obj.kind, "", [
          { reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name or generateName is required" },
        ], gvr.group || undefined);
      }
      meta.name = this.generateName(key, namespace, meta.generateName);
    }
    if (this.find(key, namespace, meta.name)) throw alreadyExists(gvr, meta.name);
    meta.uid = this.makeUid();
    meta.creationTimestamp = formatTimestamp(this.clock.now());
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    this.admit("CREATE", gvr, obj, undefined);
    if (options.dryRun) return obj;

    const entry: Entry = { gvr, gvrKey: key, namespace, name: meta.name, obj, removed: false };
    obj.metadata.resourceVersion = String(++this.rv);
    entry.obj = deepFreeze(obj);
    this.insert(entry);
    this.record({ rv: this.rv, gvrKey: key, namespace, type: "ADDED", object: entry.obj });
    return deepClone(entry.obj) as KubeObject;
  }

  update(gvr: GroupVersionResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    // a status write reads only the identity fields and `.status` of its input: copy just those
    const obj = options.subresource === "status" ? this.checkStatusShape(input) : this.checkShape(input);
    const namespace = typeof obj.metadata.namespace === "string" ? obj.metadata.namespace : "";
    const name = obj.metadata.name;
    if (!name) {
      throw invalid(obj.kind, "", [{ reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name is required" }], gvr.group || undefined);
    }
    const entry = this.find(gvrKey(gvr), namespace, name);
    if (!entry) throw notFound(gvr, name);
    const old = entry.obj;
    const oldMeta = old.metadata;
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== oldMeta.resourceVersion) throw conflict(gvr, name);
    if (obj.metadata.uid && obj.metadata.uid !== oldMeta.uid) throw uidPreconditionFailed(gvr, name, obj.metadata.uid, oldMeta.uid!);

    let next: KubeObject;
    if (options.subresource === "status") {
      next = deepClone(old) as KubeObject;
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
    } else {
      next = obj;
      if (old.status === undefined) delete next.status;
      else next.status = deepClone(old.status);
      const meta = next.metadata;
      // system-owned metadata cannot be changed by a client write
      meta.uid = oldMeta.uid;
      meta.creationTimestamp = oldMeta.creationTimestamp;
      setOrDelete(meta, "deletionTimestamp", oldMeta.deletionTimestamp);
      setOrDelete(meta, "deletionGracePeriodSeconds", oldMeta.deletionGracePeriodSeconds);
      if (meta.managedFields === undefined && oldMeta.managedFields !== undefined) meta.managedFields = deepClone(oldMeta.managedFields);
      if (oldMeta.deletionTimestamp) this.checkNoNewFinalizers(gvr, old, next);
    }
    next.metadata.resourceVersion = oldMeta.resourceVersion;
    next.metadata.generation = oldMeta.generation;
    this.admit("UPDATE", gvr, next, deepClone(old) as KubeObject);
    next.metadata.resourceVersion = oldMeta.resourceVersion;
    next.metadata.generation =
      deepEqual(withoutMetaAndStatus(old), withoutMetaAndStatus(next)) ? oldMeta.generation : (oldMeta.generation ?? 0) + 1;

    // a write that changes nothing must not bump the RV (kubectl prints "patched (no change)")
    if (deepEqual(old, next)) return deepClone(old) as KubeObject;
    if (options.dryRun) return next;

    this.commit(entry, next);
    this.removeIfDone(entry);
    return deepClone(entry.obj) as KubeObject;
  }

  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    const entry = this.find(gvrKey(gvr), namespace ?? "", name);
    if (!entry) throw notFound(gvr, name);
    const old = entry.obj;
    if (options.preconditionUid && options.preconditionUid !== old.metadata.uid) {
      throw uidPreconditionFailed(gvr, name, options.preconditionUid, old.metadata.uid!);
    }
    if (options.gracePeriodSeconds !== undefined && !(Number.isInteger(options.gracePeriodSeconds) && options.gracePeriodSeconds >= 0)) {
      throw badRequest(`gracePeriodSeconds must be a non-negative integer, got ${options.gracePeriodSeconds}`);
    }
    this.admit("DELETE", gvr, deepClone(old) as KubeObject, deepClone(old) as KubeObject);
    if (options.dryRun) return deepClone(old) as KubeObject;
    return this.deleteEntry(entry, options.propagationPolicy ?? "Background", options.gracePeriodSeconds);
  }

  finalizeDeletion(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.find(gvrKey(gvr), namespace ?? "", name);
    if (!entry || !entry.obj.metadata.deletionTimestamp) return undefined;
    this.endGracePeriod(entry);
    return entry.removed ? (deepClone(entry.obj) as KubeObject) : undefined;
  }

  // ------------------------------------------------------------------------------ watch

  watch(gvr: GroupVersionResource, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const watcher: Watcher = {
      gvrKey: gvrKey(gvr),
      namespace: options.namespace,
      labels: options.labelSelector ? parseLabelSelector(options.labelSelector) : EVERYTHING,
      fields: options.fieldSelector ? parseFieldSelector(options.fieldSelector) : ALL_FIELDS,
      onEvent,
      startRv: this.rv,
      stopped: false,
    };
    const rawRv = options.resourceVersion ?? "";
    const initial: WatchEvent[] = [];
    if (rawRv === "" || rawRv === "0") {
      // synthetic ADDED for the current state, as the watch cache does for RV "0"
      const byNs = this.objects.get(watcher.gvrKey);
      const namespaces = watcher.namespace !== undefined ? [watcher.namespace] : [...(byNs?.keys() ?? [])];
      const entries: Entry[] = [];
      for (const ns of namespaces) for (const e of byNs?.get(ns)?.values() ?? []) entries.push(e);
      entries.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) if (this.selects(watcher, e.obj)) initial.push({ type: "ADDED", object: e.obj as KubeObject });
    } else {
      const from = parseResourceVersion(rawRv);
      if (from < this.history.evictedUpTo) throw tooOldResourceVersion(from, this.history.evictedUpTo);
      for (const ev of this.history.since(from)) {
        if (ev.gvrKey !== watcher.gvrKey) continue;
        const out = this.translate(watcher, ev);
        if (out) initial.push(out);
      }
      watcher.startRv = Math.max(from, this.rv);
    }
    let set = this.watchers.get(watcher.gvrKey);
    if (!set) this.watchers.set(watcher.gvrKey, (set = new Set()));
    set.add(watcher);
    // a callback may write while it receives the initial events: those changes queue up behind them
    watcher.backlog = [];
    for (let i = 0; i < initial.length && !watcher.stopped; i++) this.safeCall(() => watcher.onEvent(initial[i]!));
    for (let i = 0; i < watcher.backlog.length && !watcher.stopped; i++) this.safeCall(() => watcher.onEvent(watcher.backlog![i]!));
    watcher.backlog = undefined;
    return {
      stop: () => {
        watcher.stopped = true;
        this.watchers.get(watcher.gvrKey)?.delete(watcher);
      },
    };
  }

  // ------------------------------------------------------------------------------ internals

  private find(key: string, namespace: string, name: string): Entry | undefined {
    return this.objects.get(key)?.get(namespace)?.get(name);
  }

  private checkShape(input: KubeObject): KubeObject {
    if (!isPlainObject(input)) throw badRequest("the object must be a JSON object");
    const obj = deepClone(input);
    if (!isPlainObject(obj.metadata)) obj.metadata = { name: "" };
    if (obj.metadata.name !== undefined && typeof obj.metadata.name !== "string") throw badRequest("metadata.name must be a string");
    return obj;
  }

  /** {@link checkShape} for a status write: a shallow view with private copies of `metadata` and `status`. */
  private checkStatusShape(input: KubeObject): KubeObject {
    if (!isPlainObject(input)) throw badRequest("the object must be a JSON object");
    const metadata = isPlainObject(input.metadata) ? (deepClone(input.metadata) as KubeObject["metadata"]) : { name: "" };
    if (metadata.name !== undefined && typeof metadata.name !== "string") throw badRequest("metadata.name must be a string");
    return { ...input, metadata, status: deepClone(input.status) };
  }

  private generateName(key: string, namespace: string, prefix: string): string {
    for (let i = 0; i < GENERATE_NAME_ATTEMPTS; i++) {
      const name = prefix + randomString(GENERATE_NAME_SUFFIX_LENGTH, KUBE_NAME_ALPHABET, this.random);
      if (!this.find(key, namespace, name)) return name;
    }
    return prefix + randomString(GENERATE_NAME_SUFFIX_LENGTH, KUBE_NAME_ALPHABET, this.random);
  }

  private admit(op: "CREATE" | "UPDATE" | "DELETE", gvr: GroupVersionResource, obj: KubeObject, old: KubeObject | undefined): void {
    for (const hook of this.hooks) hook(op, gvr, obj, old);
  }

  private checkNoNewFinalizers(gvr: GroupVersionResource, old: Readonly<KubeObject>, next: KubeObject): void {
    const had = new Set(old.metadata.finalizers ?? []);
    const added = (next.metadata.finalizers ?? []).filter((f) => !had.has(f));
    if (added.length) {
      throw invalid(old.kind, old.metadata.name, [
        {
          reason: "FieldValueForbidden",
          field: "metadata.finalizers",
          message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{" +
            added.map((f) => JSON.stringify(f)).join(", ") + "}",
        },
      ], gvr.group || undefined);
    }
  }

  private insert(entry: Entry): void {
    let byNs = this.objects.get(entry.gvrKey);
    if (!byNs) this.objects.set(entry.gvrKey, (byNs = new Map()));
    let names = byNs.get(entry.namespace);
    if (!names) byNs.set(entry.namespace, (names = new Map()));
    names.set(entry.name, entry);
    this.counts.set(entry.gvrKey, (this.counts.get(entry.gvrKey) ?? 0) + 1);
    this.byUid.set(entry.obj.metadata.uid!, entry);
    for (const uid of ownerUids(entry.obj)) this.addDependent(uid, entry);
  }

  private addDependent(ownerUid: string, entry: Entry): void {
    let set = this.dependents.get(ownerUid);
    if (!set) this.dependents.set(ownerUid, (set = new Set()));
    set.add(entry);
  }

  private dropDependent(ownerUid: string, entry: Entry): void {
    const set = this.dependents.get(ownerUid);
    if (!set) return;
    set.delete(entry);
    if (set.size === 0) this.dependents.delete(ownerUid);
  }

  /** Stores `next` (mutable, not yet frozen) as the entry's new state with a fresh RV; emits MODIFIED. */
  private commit(entry: Entry, next: KubeObject): void {
    const prev = entry.obj;
    next.metadata.resourceVersion = String(++this.rv);
    entry.obj = deepFreeze(next);
    const before = ownerUids(prev);
    const after = ownerUids(entry.obj);
    if (before.join("\u0000") !== after.join("\u0000")) {
      for (const uid of before) if (!after.includes(uid)) this.dropDependent(uid, entry);
      for (const uid of after) this.addDependent(uid, entry);
    }
    this.record({ rv: this.rv, gvrKey: entry.gvrKey, namespace: entry.namespace, type: "MODIFIED", object: entry.obj, prev });
  }

  /** A system write (deletion marking, orphaning, finalizer removal): no admission, no generation change. */
  private systemUpdate(entry: Entry, mutate: (obj: KubeObject) => void): void {
    const next = deepClone(entry.obj) as KubeObject;
    mutate(next);
    if (!deepEqual(next, entry.obj)) this.commit(entry, next);
  }

  /** Takes the entry out of the store for good and emits DELETED at a fresh RV. */
  private remove(entry: Entry): void {
    if (entry.removed) return;
    entry.graceTimer?.cancel();
    entry.graceTimer = undefined;
    entry.removed = true;
    const finalObj = deepClone(entry.obj) as KubeObject;
    finalObj.metadata.resourceVersion = String(++this.rv);
    entry.obj = deepFreeze(finalObj);
    const byNs = this.objects.get(entry.gvrKey)!;
    const names = byNs.get(entry.namespace)!;
    names.delete(entry.name);
    if (names.size === 0) byNs.delete(entry.namespace);
    this.counts.set(entry.gvrKey, (this.counts.get(entry.gvrKey) ?? 1) - 1);
    this.byUid.delete(entry.obj.metadata.uid!);
    for (const uid of ownerUids(entry.obj)) this.dropDependent(uid, entry);
    this.record({ rv: this.rv, gvrKey: entry.gvrKey, namespace: entry.namespace, type: "DELETED", object: entry.obj });
    for (const listener of [...this.removalListeners]) this.safeCall(() => listener(entry.gvr, entry.obj));
    this.releaseForegroundOwners(entry.obj);
  }

  /** Removes a terminating object once nothing holds it: no finalizers and no pending grace period. */
  private removeIfDone(entry: Entry): void {
    const meta = entry.obj.metadata;
    if (entry.removed || !meta.deletionTimestamp || entry.graceTimer) return;
    if (!hasFinalizers(entry.gvr, entry.obj)) this.remove(entry);
  }

  private endGracePeriod(entry: Entry): void {
    entry.graceTimer?.cancel();
    entry.graceTimer = undefined;
    if (entry.removed) return;
    if (hasFinalizers(entry.gvr, entry.obj)) {
      this.systemUpdate(entry, (o) => {
        o.metadata.deletionGracePeriodSeconds = 0;
      });
    }
    this.removeIfDone(entry);
  }

  private deleteEntry(entry: Entry, policy: NonNullable<DeleteOptions["propagationPolicy"]>, requestedGrace: number | undefined): KubeObject {
    const uid = entry.obj.metadata.uid!;
    if (policy === "Orphan") {
      for (const dep of [...(this.dependents.get(uid) ?? [])]) {
        this.systemUpdate(dep, (o) => {
          const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (refs.length) o.metadata.ownerReferences = refs;
          else delete o.metadata.ownerReferences;
        });
      }
    }

    const now = this.clock.now();
    let grace = 0;
    if (isPods(entry.gvr)) {
      const spec = (entry.obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
      const phase = (entry.obj.status as { phase?: string } | undefined)?.phase;
      grace = requestedGrace ?? spec.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_PERIOD_SECONDS;
      // no kubelet to wait for: unscheduled or finished pods go at once (kube's pod strategy)
      if (!spec.nodeName || phase === "Succeeded" || phase === "Failed") grace = 0;
    }

    const meta = entry.obj.metadata;
    if (meta.deletionTimestamp) {
      // already terminating: a delete may only shorten the remaining grace period
      if (entry.graceTimer) {
        const remainingMs = Date.parse(meta.deletionTimestamp) - now;
        if (grace === 0) this.endGracePeriod(entry);
        else if (grace * 1000 < remainingMs) this.markTerminating(entry, grace, now);
      }
      if (policy === "Foreground") this.deleteDependentsForeground(entry);
      else this.removeIfDone(entry);
      return deepClone(entry.obj) as KubeObject;
    }

    if (policy === "Foreground" && this.dependents.get(uid)?.size) {
      this.systemUpdate(entry, (o) => {
        o.metadata.deletionTimestamp = formatTimestamp(now);
        o.metadata.deletionGracePeriodSeconds = 0;
        o.metadata.finalizers = [...(o.metadata.finalizers ?? []), FOREGROUND_DELETION_FINALIZER];
      });
      if (grace > 0) this.markTerminating(entry, grace, now);
      const snapshot = deepClone(entry.obj) as KubeObject;
      this.deleteDependentsForeground(entry);
      return entry.removed ? (deepClone(entry.obj) as KubeObject) : snapshot;
    }

    if (grace > 0 || hasFinalizers(entry.gvr, entry.obj)) {
      this.markTerminating(entry, grace, now);
      return deepClone(entry.obj) as KubeObject;
    }
    this.remove(entry);
    return deepClone(entry.obj) as KubeObject;
  }

  /**
   * Sets deletionTimestamp (= now + grace, as kube does) and schedules the end of the grace period.
   * The timer starts before the update is announced: watchers run synchronously inside it, and a
   * status write they make (the kubelet reacting to the deletion) must see a pending grace period,
   * or removeIfDone would take the pod out at once.
   */
  private markTerminating(entry: Entry, grace: number, now: number): void {
    entry.graceTimer?.cancel();
    entry.graceTimer = undefined;
    if (grace > 0) entry.graceTimer = this.clock.setTimeout(() => {
      entry.graceTimer = undefined;
      this.endGracePeriod(entry);
    }, grace * 1000);
    this.systemUpdate(entry, (o) => {
      o.metadata.deletionTimestamp = formatTimestamp(now + grace * 1000);
      o.metadata.deletionGracePeriodSeconds = grace;
      // kube-apiserver's namespace registry flips the phase itself when deletion starts
      if (isNamespaces(entry.gvr)) o.status = { ...(isPlainObject(o.status) ? o.status : {}), phase: "Terminating" };
    });
  }

  private deleteDependentsForeground(owner: Entry): void {
    for (const dep of [...(this.dependents.get(owner.obj.metadata.uid!) ?? [])]) {
      if (!dep.removed) this.deleteEntry(dep, "Foreground", undefined);
    }
    this.releaseIfNoDependents(owner);
  }

  private releaseForegroundOwners(removed: Readonly<KubeObject>): void {
    for (const uid of ownerUids(removed)) {
      const owner = this.byUid.get(uid);
      if (owner) this.releaseIfNoDependents(owner);
    }
  }

  /** Drops the foregroundDeletion finalizer once every dependent is gone, then finishes the delete. */
  private releaseIfNoDependents(owner: Entry): void {
    if (owner.removed || !owner.obj.metadata.finalizers?.includes(FOREGROUND_DELETION_FINALIZER)) return;
    if (this.dependents.get(owner.obj.metadata.uid!)?.size) return;
    this.systemUpdate(owner, (o) => {
      const rest = (o.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND_DELETION_FINALIZER);
      if (rest.length) o.metadata.finalizers = rest;
      else delete o.metadata.finalizers;
    });
    this.removeIfDone(owner);
  }

  // ------------------------------------------------------------------------------ fan-out

  private record(event: ChangeEvent): void {
    this.history.push(event);
    this.queue.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      // index loop: a watcher that writes appends to the queue, delivered after this event
      for (let i = 0; i < this.queue.length; i++) {
        const ev = this.queue[i]!;
        const set = this.watchers.get(ev.gvrKey);
        if (!set || set.size === 0) continue;
        for (const watcher of [...set]) {
          if (watcher.stopped || ev.rv <= watcher.startRv) continue;
          const out = this.translate(watcher, ev);
          if (!out) continue;
          if (watcher.backlog) watcher.backlog.push(out);
          else this.safeCall(() => watcher.onEvent(out));
        }
      }
    } finally {
      this.queue.length = 0;
      this.delivering = false;
    }
  }

  private selects(watcher: Watcher, obj: Readonly<KubeObject>): boolean {
    return matchesLabelSelector(watcher.labels, obj.metadata.labels) && matchesFieldSelector(watcher.fields, obj);
  }

  /** What one watcher sees of a change: selector transitions become ADDED / DELETED, like the watch cache. */
  private translate(watcher: Watcher, ev: ChangeEvent): WatchEvent | undefined {
    if (watcher.namespace !== undefined && ev.namespace !== watcher.namespace) return undefined;
    const now = this.selects(watcher, ev.object);
    if (ev.type !== "MODIFIED" || !ev.prev) return now ? { type: ev.type, object: ev.object as KubeObject } : undefined;
    const before = this.selects(watcher, ev.prev);
    if (now) return { type: before ? "MODIFIED" : "ADDED", object: ev.object as KubeObject };
    if (!before) return undefined;
    let view = this.leftView.get(ev);
    if (!view) {
      // kube sends the previous content with the event's RV when an object leaves the selector
      const copy = deepClone(ev.prev) as KubeObject;
      copy.metadata.resourceVersion = String(ev.rv);
      view = deepFreeze(copy);
      this.leftView.set(ev, view);
    }
    return { type: "DELETED", object: view as KubeObject };
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onWatcherError(err);
    }
  }
}

function setOrDelete(meta: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete meta[key];
  else meta[key] = value;
}

/** Creates an empty store; see {@link ObjectStoreOptions}. */
export function createObjectStore(options: ObjectStoreOptions): SimObjectStore {
  return new ObjectStoreImpl(options);
}

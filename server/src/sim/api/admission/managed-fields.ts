/**
 * `metadata.managedFields` for ordinary writes (POST, PUT, non-apply PATCH, scale): the fields a
 * request's field manager changed become its own (operation Update), as kube-apiserver records them.
 *
 * Recording runs as the last store admission hook so defaulted fields count as the writer's (upstream
 * defaults the request object before its field manager runs). The store's hook has no request
 * options, so the API layer names the manager for exactly one write with {@link withFieldManager};
 * in-process writers (controllers, kubelet) record nothing. Server-side apply computes its own
 * managedFields (api/patch.ts) and does not go through here.
 */
import { deepEqual, isPlainObject } from "../../store/json.js";
import { formatTimestamp } from "../../store/index.js";
import type { AdmissionHook, KubeObject, ObjectStore } from "../../store/types.js";
import { recordUpdate, type ManagedFieldsEntry } from "../../patch/server-side-apply.js";
import type { Clock } from "../../../core/clock.js";

export interface FieldManagerWrite {
  manager: string;
  /** "status" or "scale": recorded on the entry, as upstream does for subresource writes. */
  subresource?: string;
  /** RFC 3339 time for the entry. */
  now: string;
}

/** Upstream `managerOrUserAgent`: the `fieldManager` query, else the User-Agent up to its first "/". */
export function fieldManagerOf(query: URLSearchParams, userAgent: string | undefined): string {
  return query.get("fieldManager") || (userAgent ?? "").split("/")[0] || "unknown";
}

/**
 * What a client sent in `metadata.managedFields` decides the starting point, as upstream:
 * absent or `[]` keeps the stored entries, `[{}]` resets them, anything else replaces them.
 */
function baseEntries(old: KubeObject | undefined, next: KubeObject): unknown[] {
  const stored = Array.isArray(old?.metadata.managedFields) ? (old!.metadata.managedFields as unknown[]) : [];
  const sent = next.metadata.managedFields;
  if (!Array.isArray(sent) || sent.length === 0 || deepEqual(sent, stored)) return stored;
  if (sent.every((e) => isPlainObject(e) && Object.keys(e).length === 0)) return [];
  return sent;
}

/** kube-apiserver's order: Apply before Update, then oldest first, then by manager. */
export function sortManagedFields(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  const time = (e: ManagedFieldsEntry) => (e.time ? Date.parse(e.time) / 1000 : 0);
  return [...entries].sort(
    (a, b) =>
      cmp(a.operation, b.operation) || time(a) - time(b) || cmp(a.manager, b.manager) || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? "", b.subresource ?? ""),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The managedFields `next` gets when `write.manager` turns `old` (undefined: a create) into `next`. */
export function updatedManagedFields(old: KubeObject | undefined, next: KubeObject, write: FieldManagerWrite): ManagedFieldsEntry[] | undefined {
  const before: KubeObject = old ? { ...old, metadata: { ...old.metadata } } : { apiVersion: next.apiVersion, kind: next.kind, metadata: { name: next.metadata.name } };
  before.metadata.managedFields = baseEntries(old, next);
  const entries = recordUpdate(before, next, { fieldManager: write.manager, now: write.now, subresource: write.subresource });
  return entries.length ? sortManagedFields(entries) : undefined;
}

const pending = new WeakMap<object, FieldManagerWrite>();

/**
 * Runs one store write on behalf of `write.manager`. The write's first admission pass takes the
 * manager, so anything a watcher writes while the change is delivered is not attributed to it.
 */
export function withFieldManager<T>(store: ObjectStore, write: FieldManagerWrite, run: () => T): T {
  pending.set(store, write);
  try {
    return run();
  } finally {
    pending.delete(store);
  }
}

/** The request-scoped write for `manager` at the clock's current time. */
export function fieldManagerWrite(clock: Clock, manager: string, subresource?: string): FieldManagerWrite {
  return subresource ? { manager, subresource, now: formatTimestamp(clock.now()) } : { manager, now: formatTimestamp(clock.now()) };
}

export function createManagedFieldsHook(store: ObjectStore): AdmissionHook {
  return (op, _gvr, obj, old) => {
    const write = pending.get(store);
    if (!write) return;
    pending.delete(store);
    if (op === "DELETE") return;
    const entries = updatedManagedFields(old, obj, write);
    if (entries) obj.metadata.managedFields = entries;
    else delete obj.metadata.managedFields;
  };
}

/**
 * Server-side apply (`application/apply-patch+yaml`), simplified but honest:
 *
 * - The applied configuration is merged into the live object with strategic-merge semantics
 *   (the same merge keys), not with structured-merge-diff's schema-driven merge.
 * - Ownership is tracked per field manager in `metadata.managedFields` (FieldsV1), for Apply
 *   managers and for Update managers recorded by {@link recordUpdate}.
 * - A field the manager applied before but leaves out now is removed, unless another manager
 *   still owns it.
 * - Conflict: the config sets a field to a value different from the live one while another manager
 *   owns that field. With `force` the field changes hands; without it the apply fails with 409 and
 *   kube's message (`Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas`).
 * - Not modelled: atomic/granular map types, list items with composite keys (ports use
 *   `containerPort` alone), and version conversion of managedFields.
 */
import { StoreError } from "../store/errors.js";
import { deepClone, deepEqual, isPlainObject } from "../store/json.js";
import type { KubeObject, StatusCause } from "../store/types.js";
import { FieldSet, fieldSetOf, formatPath, removeAt, valueAt, type FieldPath } from "./field-set.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface ApplyOptions {
  /** Required for apply (kube: `fieldManager is required for apply requests`). */
  fieldManager: string;
  force?: boolean;
  /** RFC 3339 timestamp recorded in the manager's entry. */
  now: string;
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

function readManagedFields(obj: KubeObject | undefined): Owner[] {
  const raw = obj?.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e): e is ManagedFieldsEntry => isPlainObject(e) && typeof e.manager === "string")
    .map((entry) => ({ entry: deepClone(entry), set: FieldSet.fromFieldsV1(entry.fieldsV1) }));
}

function writeManagedFields(owners: Owner[]): ManagedFieldsEntry[] {
  return owners
    .filter((o) => o.set.size > 0)
    .map((o) => ({ ...o.entry, fieldsType: "FieldsV1" as const, fieldsV1: o.set.toFieldsV1() }));
}

/**
 * Upstream `printManager`: Apply managers by name, Update managers with their version. The manager
 * identifier it prints never carries a time (`BuildManagerIdentifier` drops it), so no `at …`.
 */
function describeManager(entry: ManagedFieldsEntry): string {
  let s = JSON.stringify(entry.manager);
  if (entry.subresource) s += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") s += ` using ${entry.apiVersion}`;
  return s;
}

function conflictError(conflicts: { owner: ManagedFieldsEntry; path: FieldPath }[]): StoreError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${describeManager(c.owner)}`,
    field: formatPath(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(conflicts[0]!.owner)}: ${formatPath(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = describeManager(c.owner);
      byManager.set(key, [...(byManager.get(key) ?? []), formatPath(c.path)]);
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${key}:`);
      for (const p of byManager.get(key)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new StoreError("Conflict", message, { causes });
}

function isApplyOwner(o: Owner, manager: string): boolean {
  return o.entry.manager === manager && o.entry.operation === "Apply" && !o.entry.subresource;
}

/**
 * Computes the object after `fieldManager` applies `config` to `live` (undefined = create).
 * Pure: returns a new object with updated `metadata.managedFields`; `status` is kept from live.
 * Throws StoreError 409 on conflicts (unless `force`), 400/422 on a bad configuration.
 */
export function applyServerSide(live: KubeObject | undefined, config: unknown, options: ApplyOptions): KubeObject {
  if (!options.fieldManager) throw new StoreError("BadRequest", "PATCH /apply: fieldManager is required for apply requests");
  if (!isPlainObject(config)) throw new StoreError("BadRequest", "the applied configuration must be an object");
  const applied = deepClone(config) as KubeObject;
  if (typeof applied.apiVersion !== "string" || typeof applied.kind !== "string") {
    throw new StoreError("BadRequest", "invalid object type: the applied configuration needs apiVersion and kind");
  }
  if (live && (applied.kind !== live.kind)) {
    throw new StoreError("BadRequest", `the applied kind ${applied.kind} does not match the live kind ${live.kind}`);
  }
  delete applied.status;
  if (isPlainObject(applied.metadata)) {
    delete applied.metadata.managedFields;
    delete applied.metadata.resourceVersion;
  }
  const kind = applied.kind;
  const newSet = fieldSetOf(applied, kind);
  const owners = readManagedFields(live);

  if (live) {
    const conflicts: { owner: ManagedFieldsEntry; path: FieldPath; holder: Owner }[] = [];
    for (const path of newSet.values()) {
      // a list item's own path only records that it exists; its fields are compared one by one
      if ("k" in path[path.length - 1]!) continue;
      if (deepEqual(valueAt(applied, path), valueAt(live, path))) continue;
      for (const o of owners) {
        if (isApplyOwner(o, options.fieldManager) || !o.set.has(path)) continue;
        conflicts.push({ owner: o.entry, path, holder: o });
      }
    }
    if (conflicts.length && !options.force) throw conflictError(conflicts);
    for (const c of conflicts) c.holder.set.delete(c.path);
  }

  const mine = owners.find((o) => isApplyOwner(o, options.fieldManager));
  const previous = mine?.set ?? new FieldSet();
  const base = live ? (deepClone(live) as KubeObject) : ({ apiVersion: applied.apiVersion, kind, metadata: { name: "" } } as KubeObject);
  if (base.metadata) delete base.metadata.managedFields;
  const merged = applyStrategicMergePatch(base, applied, kind) as KubeObject;

  // fields this manager applied before and dropped now go away, unless someone else still owns them
  for (const path of previous.minus(newSet).values()) {
    if (owners.some((o) => o !== mine && o.set.has(path))) continue;
    removeAt(merged, path);
  }

  const entry: ManagedFieldsEntry = {
    manager: options.fieldManager,
    operation: "Apply",
    apiVersion: applied.apiVersion,
    time: options.now,
    fieldsType: "FieldsV1",
    fieldsV1: {},
  };
  const others = owners.filter((o) => o !== mine);
  const next: Owner[] = mine ? owners.map((o) => (o === mine ? { entry, set: newSet } : o)) : [...others, { entry, set: newSet }];
  if (live?.status !== undefined) merged.status = deepClone(live.status);
  else delete merged.status;
  merged.metadata.managedFields = writeManagedFields(next);
  return merged;
}

/**
 * Records a non-apply write in managedFields: the fields `manager` changed become its own
 * (operation Update) and leave every other manager's set, as kube-apiserver does. Returns the new
 * managedFields for `next`; use it for PUT/PATCH writes that carry a fieldManager.
 */
export function recordUpdate(
  old: KubeObject,
  next: KubeObject,
  options: { fieldManager: string; now: string; subresource?: string },
): ManagedFieldsEntry[] {
  const owners = readManagedFields(old);
  const kind = next.kind;
  const oldSet = fieldSetOf(old, kind);
  const newSet = fieldSetOf(next, kind);
  const changed = new FieldSet();
  for (const path of newSet.values()) if (!oldSet.has(path) || !deepEqual(valueAt(old, path), valueAt(next, path))) changed.add(path);
  const removed = oldSet.minus(newSet);
  for (const o of owners) {
    for (const p of changed.values()) o.set.delete(p);
    for (const p of removed.values()) o.set.delete(p);
  }
  if (changed.size > 0) {
    const mine = owners.find(
      (o) => o.entry.manager === options.fieldManager && o.entry.operation === "Update" && (o.entry.subresource ?? "") === (options.subresource ?? ""),
    );
    if (mine) {
      for (const p of changed.values()) mine.set.add(p);
      mine.entry.time = options.now;
    } else {
      const entry: ManagedFieldsEntry = {
        manager: options.fieldManager,
        operation: "Update",
        apiVersion: next.apiVersion,
        time: options.now,
        fieldsType: "FieldsV1",
        fieldsV1: {},
      };
      if (options.subresource) entry.subresource = options.subresource;
      owners.push({ entry, set: changed });
    }
  }
  return writeManagedFields(owners);
}

/** RFC 7386 JSON Merge Patch (`application/merge-patch+json`). */
import { deepClone, deepEqual, getOwn, isPlainObject, setOwn, type JsonValue } from "../store/json.js";

/** Applies `patch` to a copy of `doc`: objects merge recursively, `null` deletes, anything else replaces. */
export function applyMergePatch<T = JsonValue>(doc: T, patch: unknown): T {
  return merge(doc, patch) as T;
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return deepClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setOwn(out, key, merge(getOwn(out, key), value));
  }
  // untouched members were copied by reference above; clone them so the result never aliases `doc`
  for (const key of Object.keys(out)) if (!Object.prototype.hasOwnProperty.call(patch, key)) setOwn(out, key, deepClone(out[key]));
  return out;
}

/**
 * The merge patch that turns `from` into `to` (used to compute minimal writes and in tests).
 * Arrays are replaced whole, as RFC 7386 requires; `to` must not contain `null` members.
 */
export function createMergePatch(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return deepClone(to);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from)) if (getOwn(to, key) === undefined) setOwn(patch, key, null);
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const old = getOwn(from, key);
    if (old === undefined) setOwn(patch, key, deepClone(value));
    else if (!deepEqual(old, value)) setOwn(patch, key, isPlainObject(value) && isPlainObject(old) ? createMergePatch(old, value) : deepClone(value));
  }
  return patch;
}

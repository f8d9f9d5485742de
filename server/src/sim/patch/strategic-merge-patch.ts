/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), modelled on
 * k8s.io/apimachinery/pkg/util/strategicpatch `StrategicMergePatch` as the API server applies it
 * (parallel-list directives on, unmatched nulls ignored). Lists merge by the keys in
 * merge-keys.ts; every other list is replaced.
 *
 * Directives: `$patch: replace|delete|merge` (on maps and list items), `$setElementOrder/<list>`,
 * `$retainKeys`, `$deleteFromPrimitiveList/<list>`, and `null` to delete a field.
 */
import { StoreError } from "../store/errors.js";
import { deepClone, deepEqual, getOwn, isPlainObject, setOwn, type JsonValue } from "../store/json.js";
import { listStrategy, type ListStrategy } from "./merge-keys.js";

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

type Obj = Record<string, unknown>;

function fail(message: string): never {
  throw new StoreError("Invalid", message);
}

function goMap(value: unknown): string {
  // upstream prints Go maps; JSON is what a player can actually read
  return JSON.stringify(value);
}

interface Context {
  kind: string | undefined;
}

/**
 * Applies a strategic merge patch to a copy of `doc`. `kind` selects the merge keys (built-in kinds);
 * for unknown kinds every list is replaced. Throws StoreError 400/422 on a malformed patch.
 */
export function applyStrategicMergePatch<T = JsonValue>(doc: T, patch: unknown, kind?: string): T {
  if (!isPlainObject(patch)) throw new StoreError("BadRequest", "the strategic merge patch must be a JSON object");
  const ctx: Context = { kind: kind ?? (isPlainObject(doc) && typeof doc.kind === "string" ? doc.kind : undefined) };
  const original = isPlainObject(doc) ? (deepClone(doc) as Obj) : {};
  return mergeMap(original, deepClone(patch), "", ctx) as T;
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Merges `patch` into `original` (both owned copies; `original` is modified and returned). */
function mergeMap(original: Obj, patch: Obj, path: string, ctx: Context): Obj {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    if (directive === "replace") {
      const { [DIRECTIVE]: _d, ...rest } = patch;
      return mergeMap({}, rest, path, ctx);
    }
    if (directive === "delete") return {};
    if (directive !== "merge") fail(`Unknown patch type: ${String(directive)} in map: ${goMap(patch)}`);
    delete patch[DIRECTIVE];
  }

  if (RETAIN_KEYS in patch) {
    const retain = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) fail(`invalid type for ${RETAIN_KEYS} directive: expected a list`);
    const keep = new Set(retain.map(String));
    for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
  }

  // $setElementOrder lists first: merge the list they order, then enforce the order
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    const field = key.slice(SET_ELEMENT_ORDER.length);
    if (!Array.isArray(order)) fail(`invalid type for ${key}: expected a list`);
    const fieldPath = childPath(path, field);
    const strategy = listStrategy(ctx.kind, fieldPath);
    const hasOriginal = Array.isArray(getOwn(original, field));
    const hasPatch = Array.isArray(getOwn(patch, field));
    if (!hasOriginal && !hasPatch) continue;
    let merged: unknown[];
    if (hasPatch) {
      merged = mergeList(hasOriginal ? (original[field] as unknown[]) : [], patch[field] as unknown[], fieldPath, strategy, ctx);
      delete patch[field];
    } else {
      merged = original[field] as unknown[];
    }
    const mergeKey = strategy.kind === "merge" ? strategy.mergeKey : undefined;
    setOwn(original, field, orderBy(merged, order, hasOriginal ? (original[field] as unknown[]) : [], mergeKey));
  }

  for (const [rawKey, patchV] of Object.entries(patch)) {
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = rawKey.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      if (!Array.isArray(patchV)) fail(`invalid type for ${rawKey}: expected a list`);
      const current = getOwn(original, field);
      if (Array.isArray(current)) setOwn(original, field, current.filter((v) => !patchV.some((d) => deepEqual(d, v))));
      continue;
    }
    const key = rawKey;
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const fieldPath = childPath(path, key);
    const origV = getOwn(original, key);
    if (isPlainObject(patchV)) {
      setOwn(original, key, mergeMap(isPlainObject(origV) ? origV : {}, patchV, fieldPath, ctx));
    } else if (Array.isArray(patchV)) {
      setOwn(original, key, mergeList(Array.isArray(origV) ? origV : [], patchV, fieldPath, listStrategy(ctx.kind, fieldPath), ctx));
    } else {
      setOwn(original, key, patchV);
    }
  }
  return original;
}

function keyOf(item: unknown, mergeKey: string | undefined): unknown {
  return mergeKey && isPlainObject(item) ? item[mergeKey] : item;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  const k = keyOf(item, mergeKey);
  if (k === undefined) return -1;
  return list.findIndex((x) => deepEqual(keyOf(x, mergeKey), k));
}

function mergeList(original: unknown[], patch: unknown[], path: string, strategy: ListStrategy, ctx: Context): unknown[] {
  if (strategy.kind === "replace") return patch.map((v) => (isPlainObject(v) ? stripDirectives(v, path, ctx) : v));
  if (strategy.kind === "set") {
    const out = [...original];
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(v);
    return orderBy(out, patch, original, undefined);
  }

  const mergeKey = strategy.mergeKey;
  let base = [...original];
  const items: Obj[] = [];
  let replace = false;
  for (const v of patch) {
    if (!isPlainObject(v)) fail(`unable to merge a list item that is not a map into a list merged by ${mergeKey}: ${goMap(v)}`);
    const directive = v[DIRECTIVE];
    if (directive === undefined) {
      items.push(v);
    } else if (directive === "delete") {
      if (!(mergeKey in v)) fail(`map: ${goMap(v)} does not contain declared merge key: ${mergeKey}`);
      base = base.filter((x) => !(isPlainObject(x) && deepEqual(x[mergeKey], v[mergeKey])));
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      fail("merging lists cannot yet be specified in the patch");
    } else {
      fail(`Unknown patch type: ${String(directive)} in map: ${goMap(v)}`);
    }
  }
  if (replace) return items.map((v) => stripDirectives(v, path, ctx));

  const merged = base;
  for (const item of items) {
    if (!(mergeKey in item)) fail(`map: ${goMap(item)} does not contain declared merge key: ${mergeKey}`);
    const at = merged.findIndex((x) => isPlainObject(x) && deepEqual(x[mergeKey], item[mergeKey]));
    if (at >= 0) merged[at] = mergeMap(merged[at] as Obj, item, path, ctx);
    else merged.push(mergeMap({}, item, path, ctx));
  }
  return orderBy(merged, items, original, mergeKey);
}

/** A patch value going into a place with nothing to merge with: directives and nulls are dropped. */
function stripDirectives(value: Obj, path: string, ctx: Context): Obj {
  return mergeMap({}, value, path, ctx);
}

/**
 * Upstream `normalizeElementOrder`: items named by `patchOrder` come in that order, the others keep
 * their live order, and the two are interleaved by their positions in the live list.
 */
function orderBy(merged: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (indexIn(patchOrder, item, mergeKey) >= 0 ? inPatch : serverOnly).push(item);
  const sortByOrder = (list: unknown[], order: readonly unknown[]) =>
    list
      .map((item, i) => ({ item, i, at: indexIn(order, item, mergeKey) }))
      .sort((a, b) => (a.at < 0 || b.at < 0 ? a.i - b.i : a.at - b.at || a.i - b.i))
      .map((x) => x.item);
  const right = sortByOrder(inPatch, patchOrder);
  const left = sortByOrder(serverOnly, serverOrder);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

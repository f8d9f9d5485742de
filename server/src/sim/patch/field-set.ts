/**
 * Sets of field paths, as server-side apply tracks ownership in `metadata.managedFields`.
 * A path is a list of segments: a map field (`f:`), a list item by merge key (`k:`), a scalar set
 * member (`v:`). Paths convert to and from the `FieldsV1` JSON encoding and print the way
 * kube-apiserver prints them in conflict messages (`.spec.template.spec.containers[name="app"].image`).
 */
import { deepEqual, getOwn, isPlainObject } from "../store/json.js";
import { listStrategy } from "./merge-keys.js";

export type Segment = { f: string } | { k: Record<string, unknown> } | { v: unknown };
export type FieldPath = readonly Segment[];

/** Top-level and metadata fields that never belong to a manager (identity and system fields). */
const UNOWNED_TOP = new Set(["apiVersion", "kind", "status"]);
const UNOWNED_META = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

function sortedJson(value: unknown): string {
  if (!isPlainObject(value)) return JSON.stringify(value);
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`)
    .join(",")}}`;
}

export function segmentKey(s: Segment): string {
  if ("f" in s) return `f:${s.f}`;
  if ("k" in s) return `k:${sortedJson(s.k)}`;
  return `v:${JSON.stringify(s.v)}`;
}

export function parseSegmentKey(key: string): Segment | undefined {
  const prefix = key.slice(0, 2);
  const rest = key.slice(2);
  try {
    if (prefix === "f:") return { f: rest };
    if (prefix === "k:") {
      const k = JSON.parse(rest) as unknown;
      return isPlainObject(k) ? { k } : undefined;
    }
    if (prefix === "v:") return { v: JSON.parse(rest) as unknown };
  } catch {
    return undefined;
  }
  return undefined; // "i:" (atomic list index) paths are not tracked by the sim
}

/** A stable string key for a path (its FieldsV1 segments joined). */
export function pathKey(path: FieldPath): string {
  return path.map(segmentKey).join("\u0000");
}

/** `.spec.replicas`, `.spec.containers[name="app"].image`, `.metadata.finalizers[="x"]`. */
export function formatPath(path: FieldPath): string {
  return path
    .map((s) => {
      if ("f" in s) return `.${s.f}`;
      if ("k" in s) return `[${Object.keys(s.k).sort().map((k) => `${k}=${JSON.stringify(s.k[k])}`).join(",")}]`;
      return `[=${JSON.stringify(s.v)}]`;
    })
    .join("");
}

/** A set of paths keyed by {@link pathKey}. */
export class FieldSet {
  private readonly paths = new Map<string, FieldPath>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.add(p);
    return s;
  }

  add(path: FieldPath): void {
    this.paths.set(pathKey(path), path);
  }
  has(path: FieldPath): boolean {
    return this.paths.has(pathKey(path));
  }
  delete(path: FieldPath): void {
    this.paths.delete(pathKey(path));
  }
  get size(): number {
    return this.paths.size;
  }
  values(): FieldPath[] {
    return [...this.paths.values()];
  }
  minus(other: FieldSet): FieldSet {
    return FieldSet.of(this.values().filter((p) => !other.has(p)));
  }

  /** The FieldsV1 JSON encoding used in `managedFields[].fieldsV1`. */
  toFieldsV1(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const path of this.paths.values()) {
      let node = root;
      for (const seg of path) {
        const key = segmentKey(seg);
        if (!isPlainObject(getOwn(node, key))) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
      // a path that also has children is marked with "." (list items, maps owned as a whole)
      node["."] = {};
    }
    return pruneDots(root);
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: Segment[]) => {
      if (!isPlainObject(node)) return;
      const keys = Object.keys(node);
      if (keys.length === 0 && prefix.length) set.add(prefix);
      for (const key of keys) {
        if (key === ".") {
          if (prefix.length) set.add(prefix);
          continue;
        }
        const seg = parseSegmentKey(key);
        if (seg) walk(node[key], [...prefix, seg]);
      }
    };
    walk(fields, []);
    return set;
  }
}

/** Leaves encode as `{}`; only nodes with children keep their "." member. */
function pruneDots(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(node).filter((k) => k !== ".");
  if (keys.length === 0) return {};
  if ("." in node) out["."] = {};
  for (const k of keys) out[k] = pruneDots(node[k] as Record<string, unknown>);
  return out;
}

function dotted(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * The fields an applied configuration sets: every scalar, atomic list and empty map as a leaf, and
 * every list item merged by key as a path of its own (so dropping the item from the config drops it).
 */
export function fieldSetOf(obj: unknown, kind: string | undefined): FieldSet {
  const set = new FieldSet();
  const walkMap = (node: Record<string, unknown>, prefix: Segment[], path: string, depth: number) => {
    for (const [key, value] of Object.entries(node)) {
      if (value === undefined || value === null) continue;
      if (depth === 0 && UNOWNED_TOP.has(key)) continue;
      if (depth === 1 && path === "metadata" && UNOWNED_META.has(key)) continue;
      const seg: Segment[] = [...prefix, { f: key }];
      walkValue(value, seg, dotted(path, key), depth + 1);
    }
  };
  const walkValue = (value: unknown, prefix: Segment[], path: string, depth: number) => {
    if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) set.add(prefix);
      else walkMap(value, prefix, path, depth);
      return;
    }
    if (Array.isArray(value)) {
      const strategy = listStrategy(kind, path);
      if (strategy.kind === "merge") {
        for (const item of value) {
          if (!isPlainObject(item) || item[strategy.mergeKey] === undefined) continue;
          const itemPath: Segment[] = [...prefix, { k: { [strategy.mergeKey]: item[strategy.mergeKey] } }];
          set.add(itemPath);
          walkMap(item, itemPath, path, depth + 1);
        }
        return;
      }
      if (strategy.kind === "set") {
        for (const item of value) set.add([...prefix, { v: item }]);
        return;
      }
    }
    set.add(prefix); // scalar or atomic list
  };
  if (isPlainObject(obj)) walkMap(obj, [], "", 0);
  return set;
}

/** The value at `path` in `obj`, or `undefined`. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if ("f" in seg) {
      if (!isPlainObject(cur)) return undefined;
      cur = getOwn(cur, seg.f);
    } else if ("k" in seg) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((item) => isPlainObject(item) && Object.entries(seg.k).every(([k, v]) => deepEqual(item[k], v)));
    } else {
      if (!Array.isArray(cur)) return undefined;
      return cur.some((item) => deepEqual(item, seg.v)) ? seg.v : undefined;
    }
  }
  return cur;
}

/** Removes the field, list item or set member at `path` from `obj` (in place); a missing path is a no-op. */
export function removeAt(obj: unknown, path: FieldPath): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if ("f" in last) {
    if (isPlainObject(parent) && Object.prototype.hasOwnProperty.call(parent, last.f)) delete parent[last.f];
  } else if (Array.isArray(parent)) {
    const at =
      "k" in last
        ? parent.findIndex((item) => isPlainObject(item) && Object.entries(last.k).every(([k, v]) => deepEqual(item[k], v)))
        : parent.findIndex((item) => deepEqual(item, last.v));
    if (at >= 0) parent.splice(at, 1);
  }
}

import { z } from "zod";

/**
 * A path into a Kubernetes object: dotted keys, `[n]` list indexes, `[key=value]` list filters (first
 * element whose `key` equals `value`) and `["quoted.key"]` for keys with dots.
 * Examples: `spec.replicas`, `data.DB_HOST`, `spec.template.spec.containers[name=frontend].image`,
 * `metadata.labels["app.kubernetes.io/part-of"]`.
 */
export type FieldPathSegment =
  | { key: string }
  | { index: number }
  | { whereKey: string; equals: string };

const SEGMENT_RE = /\.?([A-Za-z0-9_$-]+)|\[(\d+)\]|\[([A-Za-z0-9_.-]+)=([^\]]*)\]|\["([^"]+)"\]/y;

/** Parses a field path; throws with the position of the first bad character. */
export function parseFieldPath(path: string): FieldPathSegment[] {
  const out: FieldPathSegment[] = [];
  SEGMENT_RE.lastIndex = 0;
  let pos = 0;
  while (pos < path.length) {
    SEGMENT_RE.lastIndex = pos;
    const m = SEGMENT_RE.exec(path);
    if (!m || (m[1] !== undefined && pos === 0 && path[0] === ".")) {
      throw new Error(`bad field path "${path}" at character ${pos + 1}`);
    }
    if (m[1] !== undefined) out.push({ key: m[1] });
    else if (m[2] !== undefined) out.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ whereKey: m[3], equals: m[4]! });
    else out.push({ key: m[5]! });
    pos = SEGMENT_RE.lastIndex;
  }
  if (out.length === 0) throw new Error("empty field path");
  return out;
}

/** Reads the value at `path` in `obj`; `undefined` when any step is missing. */
export function readField(obj: unknown, path: string | FieldPathSegment[]): unknown {
  const segments = typeof path === "string" ? parseFieldPath(path) : path;
  let cur: unknown = obj;
  for (const s of segments) {
    if (cur === null || cur === undefined) return undefined;
    if ("key" in s) {
      if (typeof cur !== "object" || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[s.key];
    } else if ("index" in s) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s.index];
    } else {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((e) => e && typeof e === "object" && String((e as Record<string, unknown>)[s.whereKey]) === s.equals);
    }
  }
  return cur;
}

export const FieldPath = z
  .string()
  .min(1)
  .refine(
    (p) => {
      try {
        parseFieldPath(p);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected a field path like "spec.template.spec.containers[name=web].image"' },
  )
  .meta({ description: 'Path into the object: "spec.replicas", "containers[name=web].image", "[0]", ["a.b"].' });

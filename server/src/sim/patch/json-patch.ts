/**
 * RFC 6902 JSON Patch (`application/json-patch+json`), applied to a copy of the document.
 * Failure messages follow the evanphx/json-patch wording kube-apiserver returns (as 422).
 */
import { StoreError } from "../store/errors.js";
import { deepClone, deepEqual, isPlainObject, setOwn, type JsonValue } from "../store/json.js";

export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: unknown;
}

function fail(message: string): never {
  throw new StoreError("Invalid", message);
}

/** Splits a JSON Pointer ("/a/b~1c/0") into unescaped tokens; "" is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) fail(`JSON pointer must be empty or start with a "/": ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) return -1;
  const i = Number(token);
  return i <= (allowEnd ? length : length - 1) ? i : -1;
}

/** The parent container of the pointer's target and the last token, or undefined when the parent is missing. */
function resolveParent(doc: unknown, tokens: string[]): { parent: Container; key: string } | undefined {
  let cur: unknown = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (Array.isArray(cur)) {
      const idx = arrayIndex(t, cur.length, false);
      if (idx < 0) return undefined;
      cur = cur[idx];
    } else if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  if (!Array.isArray(cur) && !isPlainObject(cur)) return undefined;
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function has(parent: Container, key: string): boolean {
  if (Array.isArray(parent)) return arrayIndex(key, parent.length, false) >= 0;
  return Object.prototype.hasOwnProperty.call(parent, key);
}

function read(parent: Container, key: string): unknown {
  return Array.isArray(parent) ? parent[arrayIndex(key, parent.length, false)] : parent[key];
}

function getValue(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return { found: true, value: doc };
  const target = resolveParent(doc, tokens);
  if (!target || !has(target.parent, target.key)) return { found: false };
  return { found: true, value: read(target.parent, target.key) };
}

/** Returns the new document (the root may be replaced). */
function add(doc: unknown, pointer: string, value: unknown, op: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const target = resolveParent(doc, tokens);
  if (!target) fail(`jsonpatch ${op} operation does not apply: doc is missing path: ${pointer}`);
  const { parent, key } = target;
  if (Array.isArray(parent)) {
    const idx = arrayIndex(key, parent.length, true);
    if (idx < 0) fail(`Unable to access invalid index: ${key}`);
    parent.splice(idx, 0, value);
  } else {
    setOwn(parent, key, value);
  }
  return doc;
}

function remove(doc: unknown, pointer: string, op: string, what = "path"): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) fail(`jsonpatch ${op} operation does not apply: cannot remove the whole document`);
  const target = resolveParent(doc, tokens);
  if (!target || !has(target.parent, target.key)) fail(`jsonpatch ${op} operation does not apply: doc is missing ${what}: ${pointer}`);
  const { parent, key } = target;
  const old = read(parent, key);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false), 1);
  else delete parent[key];
  return old;
}

function validate(ops: unknown): JsonPatchOperation[] {
  if (!Array.isArray(ops)) throw new StoreError("BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  return ops.map((raw) => {
    if (!isPlainObject(raw)) throw new StoreError("BadRequest", "json: cannot unmarshal a non-object into a JSON patch operation");
    const op = raw.op;
    if (typeof op !== "string" || !["add", "remove", "replace", "move", "copy", "test"].includes(op)) fail(`Unexpected kind: ${String(op)}`);
    if (typeof raw.path !== "string") fail(`jsonpatch ${op} operation: missing or invalid "path"`);
    if ((op === "move" || op === "copy") && typeof raw.from !== "string") fail(`jsonpatch ${op} operation: missing or invalid "from"`);
    if ((op === "add" || op === "replace" || op === "test") && !("value" in raw)) fail(`jsonpatch ${op} operation: missing "value"`);
    return raw as unknown as JsonPatchOperation;
  });
}

/**
 * Applies RFC 6902 operations in order to a copy of `doc`; the input is not modified.
 * Throws StoreError 422 (Invalid) when an operation does not apply, 400 for a malformed patch.
 */
export function applyJsonPatch<T = JsonValue>(doc: T, operations: unknown): T {
  const ops = validate(operations);
  let out: unknown = deepClone(doc);
  for (const o of ops) {
    switch (o.op) {
      case "add":
        out = add(out, o.path, deepClone(o.value), "add");
        break;
      case "remove":
        remove(out, o.path, "remove");
        break;
      case "replace": {
        const tokens = parsePointer(o.path);
        if (tokens.length === 0) {
          out = deepClone(o.value);
          break;
        }
        const target = resolveParent(out, tokens);
        if (!target || !has(target.parent, target.key)) fail(`jsonpatch replace operation does not apply: doc is missing path: ${o.path}`);
        const { parent, key } = target;
        if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, false)] = deepClone(o.value);
        else setOwn(parent, key, deepClone(o.value));
        break;
      }
      case "move": {
        if (o.path !== o.from && o.path.startsWith(`${o.from}/`)) fail(`jsonpatch move operation does not apply: cannot move ${o.from} into its own child ${o.path}`);
        const value = remove(out, o.from!, "move", "from path");
        out = add(out, o.path, value, "move");
        break;
      }
      case "copy": {
        const src = getValue(out, o.from!);
        if (!src.found) fail(`jsonpatch copy operation does not apply: doc is missing from path: ${o.from}`);
        out = add(out, o.path, deepClone(src.value), "copy");
        break;
      }
      case "test": {
        const cur = getValue(out, o.path);
        if (!cur.found && o.value === null) break;
        if (!cur.found || !deepEqual(cur.value, o.value)) fail(`testing value ${o.path} failed: test failed`);
        break;
      }
    }
  }
  return out as T;
}

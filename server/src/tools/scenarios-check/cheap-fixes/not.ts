import { kindOf, parseFieldPath, readField, type FieldPathSegment, type RecoveryCondition } from "../../../scenarios/index.js";
import { removeObject, targetObject } from "./objects.js";
import { NoCheapFixModel, type CheapFix, type MutableSnapshot } from "./types.js";

/**
 * `not: <condition>` forbids undoing a guard rail. The shortcut is whatever makes the inner condition
 * false: a field that must match is removed (as deleting the probe that holds it would), a field that
 * must equal a value gets another value, an object that must exist is deleted.
 */
export const not: CheapFix<RecoveryCondition> = (inner, snapshot) => {
  const [kind, spec] = kindOf(inner);
  const s = spec as Record<string, unknown>;
  switch (kind) {
    case "fieldMatches":
      return removeField(snapshot, s.target as { kind: string; name: string }, String(s.path));
    case "fieldEquals":
      return setOther(snapshot, s.target as { kind: string; name: string }, String(s.path), s.value);
    case "objectExists":
      removeObject(snapshot, s.target as { kind: string; name: string });
      return `kubectl delete ${(s.target as { kind: string }).kind.toLowerCase()} ${(s.target as { name: string }).name}`;
    default:
      throw new NoCheapFixModel(`no shortcut model for "not: ${kind}"`);
  }
};

function removeField(snapshot: MutableSnapshot, target: { kind: string; name: string }, path: string): string {
  const segs = parseFieldPath(path);
  const parent = parentOf(targetObject(snapshot, target), segs, path);
  const last = segs[segs.length - 1]!;
  if (!("key" in last)) throw new NoCheapFixModel(`cannot remove list element in ${path}`);
  delete parent[last.key];
  return `remove ${target.kind}/${target.name} ${path}`;
}

function setOther(snapshot: MutableSnapshot, target: { kind: string; name: string }, path: string, value: unknown): string {
  const segs = parseFieldPath(path);
  const parent = parentOf(targetObject(snapshot, target), segs, path);
  const last = segs[segs.length - 1]!;
  if (!("key" in last)) throw new NoCheapFixModel(`cannot set list element in ${path}`);
  const other = typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : `${String(value)}-shortcut`;
  parent[last.key] = other;
  return `set ${target.kind}/${target.name} ${path} to ${JSON.stringify(other)}`;
}

function parentOf(obj: unknown, segs: FieldPathSegment[], path: string): Record<string, unknown> {
  const parent = segs.length === 1 ? obj : readField(obj, segs.slice(0, -1));
  if (!parent || typeof parent !== "object" || Array.isArray(parent)) throw new NoCheapFixModel(`${path} does not exist in the baseline`);
  return parent as Record<string, unknown>;
}

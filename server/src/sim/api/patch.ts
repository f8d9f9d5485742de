/**
 * Dispatches a PATCH body to the right patch algorithm by Content-Type (the four types kubectl sends),
 * and runs server-side apply with field ownership (sim/patch `applyServerSide`) plus what
 * kube-apiserver adds around it for kubectl's own manager: the client-side → server-side apply
 * upgrade (`lastAppliedManager`, `lastAppliedUpdater`) and no new timestamp for an apply that
 * changes nothing. The algorithms live in sim/patch; this module decodes bodies and picks one.
 */
import type { KubeObject, StatusCause } from "../store/types.js";
import { StoreError } from "../store/errors.js";
import { deepEqual, isPlainObject } from "../store/json.js";
import { fieldSetOf, formatPath, valueAt } from "../patch/field-set.js";
import { applyJsonPatch } from "../patch/json-patch.js";
import { applyMergePatch } from "../patch/merge-patch.js";
import { applyServerSide, type ManagedFieldsEntry } from "../patch/server-side-apply.js";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch.js";
import { sortManagedFields } from "./admission/managed-fields.js";
import { parseStructured } from "./http-io.js";
import { badRequest, internalError, unsupportedMediaType } from "./status.js";

export const JSON_PATCH_TYPE = "application/json-patch+json";
export const MERGE_PATCH_TYPE = "application/merge-patch+json";
export const STRATEGIC_MERGE_PATCH_TYPE = "application/strategic-merge-patch+json";
export const APPLY_PATCH_TYPE = "application/apply-patch+yaml";
const APPLY_PATCH_CBOR = "application/apply-patch+cbor";
/** The manager `kubectl apply --server-side` uses by default; the API server treats it specially. */
export const KUBECTL_SSA_MANAGER = "kubectl";
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

export function isApplyPatch(contentType: string): boolean {
  return contentType === APPLY_PATCH_TYPE || contentType === APPLY_PATCH_CBOR;
}

export interface PatchOptions {
  kind: string;
  fieldManager?: string;
  force?: boolean;
  /** RFC 3339 time for the manager's managedFields entry; required for server-side apply. */
  now?: string;
  /** For server-side apply of a new object: the applied object, already normalised. */
  created?: KubeObject;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** Go's encoding/json output for a JSON value: sorted keys, HTML-safe escapes. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sorted(v[k]);
    return out;
  };
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function lastAppliedOf(obj: KubeObject): string | undefined {
  const value = obj.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Upstream `lastAppliedManager.allowedConflictsFromLastApplied`: the fields kubectl's client-side
 * apply last set to the value they still have, which kubectl's server-side apply may take over.
 */
function fieldsKeptFromLastApplied(live: KubeObject, kind: string): Set<string> | undefined {
  const raw = lastAppliedOf(live);
  if (!raw) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isPlainObject(lastApplied) || lastApplied.apiVersion !== live.apiVersion) return undefined;
  const kept = new Set<string>();
  for (const path of fieldSetOf(lastApplied, kind).values()) {
    if (deepEqual(valueAt(lastApplied, path), valueAt(live, path))) kept.add(formatPath(path));
  }
  return kept;
}

/** Upstream `getConflictMessage` for the conflicts that remain (causes carry `conflict with <manager>`). */
function conflictError(causes: StatusCause[]): StoreError {
  const managerOf = (c: StatusCause) => c.message.replace(/^conflict with /, "");
  if (causes.length === 1) {
    return new StoreError("Conflict", `Apply failed with 1 conflict: ${causes[0]!.message}: ${causes[0]!.field ?? ""}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const c of causes) byManager.set(managerOf(c), [...(byManager.get(managerOf(c)) ?? []), c.field ?? ""]);
  const lines: string[] = [];
  for (const m of [...byManager.keys()].sort()) lines.push(`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`));
  return new StoreError("Conflict", `Apply failed with ${causes.length} conflicts: ${lines.join("\n")}`, { causes });
}

function isApplyConflict(err: unknown): err is StoreError {
  return err instanceof StoreError && err.code === 409 && !!err.details?.causes?.every((c) => c.reason === "FieldManagerConflict");
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata: metadata as KubeObject["metadata"] };
}

/**
 * Server-side apply of `applied` by `opts.fieldManager` onto `live` (undefined: create), with
 * kube-apiserver's extras for kubectl's own manager. Throws 409 with kube's message on conflicts.
 */
export function serverSideApply(live: KubeObject | undefined, applied: Record<string, unknown>, opts: PatchOptions): KubeObject {
  if (!opts.now) throw internalError("server-side apply needs the current time");
  const manager = opts.fieldManager ?? "";
  const options = { fieldManager: manager, force: opts.force, now: opts.now };
  let result: KubeObject;
  try {
    result = applyServerSide(live, applied, options);
  } catch (err) {
    // kubectl's manager may take over what its client-side apply set and nobody changed since
    if (!live || manager !== KUBECTL_SSA_MANAGER || !isApplyConflict(err)) throw err;
    const kept = fieldsKeptFromLastApplied(live, opts.kind);
    if (!kept) throw err;
    const remaining = err.details!.causes!.filter((c) => !kept.has(c.field ?? ""));
    if (remaining.length) throw conflictError(remaining);
    result = applyServerSide(live, applied, { ...options, force: true });
  }
  // a map emptied by the apply goes too (upstream owns the map itself along with its keys)
  for (const key of ["labels", "annotations"] as const) {
    const value = result.metadata[key];
    const before = live?.metadata[key];
    if (isPlainObject(value) && Object.keys(value).length === 0 && isPlainObject(before) && Object.keys(before).length > 0) delete result.metadata[key];
  }
  let entries = (result.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
  if (live && deepEqual(withoutManagedFields(live), withoutManagedFields(result))) {
    // an apply that changes nothing keeps the manager's timestamp (and so the resourceVersion)
    const before = (live.metadata.managedFields as ManagedFieldsEntry[] | undefined)?.find((e) => e.manager === manager && e.operation === "Apply" && !e.subresource);
    if (before?.time) entries = entries.map((e) => (e.manager === manager && e.operation === "Apply" && !e.subresource ? { ...e, time: before.time } : e));
  }
  result.metadata.managedFields = sortManagedFields(entries);
  if (live && manager === KUBECTL_SSA_MANAGER && lastAppliedOf(result) !== undefined) {
    // upstream lastAppliedUpdater: keep client-side apply's annotation in step with what was applied
    result.metadata.annotations = { ...(result.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: lastAppliedConfiguration(applied) };
  }
  return result;
}

/** Upstream `buildLastApplied`: the applied object without the annotation itself, as Go encodes it. */
function lastAppliedConfiguration(applied: Record<string, unknown>): string {
  const copy = structuredClone(applied) as Record<string, unknown>;
  const meta = copy.metadata;
  if (isPlainObject(meta) && isPlainObject(meta.annotations)) delete meta.annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(copy)}\n`;
}

export function applyPatchBody(contentType: string, current: KubeObject | undefined, body: Buffer, opts: PatchOptions): KubeObject {
  if (isApplyPatch(contentType)) {
    if (contentType === APPLY_PATCH_CBOR) throw unsupportedMediaType(contentType);
    return serverSideApply(current, opts.created ?? parseStructured(body.toString("utf8"), true), opts);
  }
  if (!current) throw badRequest("cannot patch an object that does not exist");
  switch (contentType) {
    case JSON_PATCH_TYPE:
      return applyJsonPatch(current, parseJson(body)) as KubeObject;
    case MERGE_PATCH_TYPE:
      return applyMergePatch(current, parseJson(body)) as KubeObject;
    case STRATEGIC_MERGE_PATCH_TYPE:
      return applyStrategicMergePatch(current, parseJson(body), opts.kind) as KubeObject;
    default:
      throw unsupportedMediaType(contentType);
  }
}

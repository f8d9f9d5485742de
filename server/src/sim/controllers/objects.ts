/** Small helpers over plain Kubernetes JSON objects shared by the controllers. */
import type { KubeObject, OwnerReference } from "../store/types.js";

/** Plain JSON straight from the store: every field may be missing. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

/** RFC 3339, UTC, no fractional seconds: what kube-apiserver writes in timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `ns/name` (or `name` for cluster-scoped objects): the work-queue key. */
export function objectKey(obj: { metadata: { namespace?: string; name: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

/** The ownerReference a controller stamps on what it creates. */
export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * JSON with sorted keys and without null-valued fields, so equal objects serialise equally whatever
 * their key order — and a template kubectl sends back with `creationTimestamp: null` (rollout undo)
 * still equals the stored one, as it does after kube-apiserver's decoding.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Drops keys whose value is 0/undefined: Go's `omitempty` on status integers. */
export function omitZero<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== 0 && v !== undefined) out[k] = v;
  return out as T;
}

export function isTerminating(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

/** Store errors carry `code` (HTTP status) and `reason`; anything else is unexpected. */
export function statusCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
}

/**
 * The name kube-apiserver's admission errors show: `generateName` when the name was generated
 * (admission runs before name generation upstream, while our store generates first).
 */
export function admissionName(meta: { name?: string; generateName?: string }, suffixLength = 5): string {
  const { name, generateName } = meta;
  if (generateName && (!name || (name.startsWith(generateName) && name.length === generateName.length + suffixLength))) return generateName;
  return name || generateName || "Unknown";
}

import { resourceForKind } from "../resource-names.js";

/** A Kubernetes object as plain JSON (what a watch delivers). */
export type KubeObject = Record<string, unknown> & {
  metadata?: { name?: string; generation?: number; deletionTimestamp?: string; labels?: Record<string, string> };
};

/**
 * The team namespace as the watchers last saw it: plural resource → object name → object, e.g.
 * `{ deployments: { frontend: {...} }, pods: {...}, endpoints: {...}, persistentvolumeclaims: {...} }`.
 * Missing resources are treated as empty. The evaluators never mutate it.
 */
export type NamespaceSnapshot = Readonly<Record<string, Readonly<Record<string, KubeObject>> | undefined>>;

/**
 * Results of the HTTP checks made through the API server's service proxy, keyed by
 * {@link proxyKey}: `{ "frontend:/": 200 }`. A check with no result yet counts as failing.
 */
export type ProxyResults = Readonly<Record<string, number | undefined>>;

/** Everything a condition is evaluated against. */
export interface EvaluationContext {
  snapshot: NamespaceSnapshot;
  proxy: ProxyResults;
}

/** Outcome of one condition; `reasons` say what is still wrong, for the team console and the debrief. */
export interface ConditionResult {
  ok: boolean;
  reasons: string[];
}

export const pass = (): ConditionResult => ({ ok: true, reasons: [] });
export const fail = (...reasons: string[]): ConditionResult => ({ ok: false, reasons });

/** "service:path" or "service:port:path" — the key a proxy probe result is stored under. */
export function proxyKey(service: string, path: string, port?: string | number): string {
  return port === undefined ? `${service}:${path}` : `${service}:${port}:${path}`;
}

export function objectsOf(snapshot: NamespaceSnapshot, resource: string): Readonly<Record<string, KubeObject>> {
  return snapshot[resource] ?? {};
}

/** The named object of a kind ("Deployment") or resource ("deployments"), or undefined. */
export function findObject(snapshot: NamespaceSnapshot, kindOrResource: string, name: string): KubeObject | undefined {
  const resource = /^[A-Z]/.test(kindOrResource) ? resourceForKind(kindOrResource) : kindOrResource;
  return objectsOf(snapshot, resource)[name];
}

/**
 * Why a target is absent: "does not exist", or — when the watchers do not cover its resource at all —
 * that it is not watched (a scenario bug the self-test should catch, worded so that it is obvious).
 */
export function absence(snapshot: NamespaceSnapshot, target: { kind: string; name: string }): string {
  const resource = /^[A-Z]/.test(target.kind) ? resourceForKind(target.kind) : target.kind;
  return snapshot[resource] === undefined
    ? `${describeTarget(target)}: ${resource} are not watched by the engine`
    : `${describeTarget(target)} does not exist`;
}

/** Present and not being deleted. */
export function isLive(obj: KubeObject | undefined): obj is KubeObject {
  return obj !== undefined && !obj.metadata?.deletionTimestamp;
}

/** Reads `obj.a.b.c` without throwing. */
export function dig(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

export function conditionOf(obj: unknown, type: string): { status?: string; reason?: string; message?: string } | undefined {
  const conds = dig(obj, "status", "conditions");
  if (!Array.isArray(conds)) return undefined;
  return conds.find((c) => c && typeof c === "object" && (c as { type?: unknown }).type === type);
}

/** "Deployment/frontend" for messages. */
export function describeTarget(t: { kind: string; name: string }): string {
  return `${t.kind}/${t.name}`;
}

/** Outcome of one forbid condition: `holds` = the team took a cheap way out, recovery does not count. */
export interface ForbidResult {
  holds: boolean;
  reasons: string[];
}

export const holds = (...reasons: string[]): ForbidResult => ({ holds: true, reasons });
export const clear = (): ForbidResult => ({ holds: false, reasons: [] });

/** Pod facts every workload controller and the scheduler agree on (readiness, availability, requests). */
import type { KubeObject } from "../store/types.js";
import type { Json } from "./objects.js";
import { parseMilli } from "./quantity.js";

export function podCondition(pod: KubeObject, type: string): Json | undefined {
  return ((pod.status as Json)?.conditions ?? []).find((c: Json) => c?.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** Ready for at least `minReadySeconds` (upstream podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(pod, "Ready");
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(c.lastTransitionTime ?? "");
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

export function podPhase(pod: KubeObject): string {
  return (pod.status as Json)?.phase ?? "Pending";
}

/** Not finished and not being deleted: what a ReplicaSet counts toward its replicas. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function podTerminal(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed";
}

function containerRequests(c: Json): Record<string, number> {
  const out: Record<string, number> = {};
  const req = c?.resources?.requests ?? {};
  const lim = c?.resources?.limits ?? {};
  // The API server defaults a missing request to the limit.
  for (const k of new Set([...Object.keys(req), ...Object.keys(lim)])) out[k] = parseMilli(req[k] ?? lim[k]);
  return out;
}

function containerLimits(c: Json): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c?.resources?.limits ?? {})) out[k] = parseMilli(v as string);
  return out;
}

/** Effective pod requests or limits in milli-units: max(sum(containers), max(initContainers)) + overhead. */
function effective(pod: KubeObject, per: (c: Json) => Record<string, number>): Record<string, number> {
  const spec = (pod as Json).spec ?? {};
  const sum: Record<string, number> = {};
  for (const c of spec.containers ?? []) for (const [k, v] of Object.entries(per(c))) sum[k] = (sum[k] ?? 0) + v;
  for (const c of spec.initContainers ?? []) {
    for (const [k, v] of Object.entries(per(c))) sum[k] = Math.max(sum[k] ?? 0, v);
  }
  for (const [k, v] of Object.entries(spec.overhead ?? {})) sum[k] = (sum[k] ?? 0) + parseMilli(v as string);
  return sum;
}

export function podRequests(pod: KubeObject): Record<string, number> {
  return effective(pod, containerRequests);
}

export function podLimits(pod: KubeObject): Record<string, number> {
  return effective(pod, containerLimits);
}

/** Upstream's QoS class rules (Guaranteed needs requests == limits for cpu and memory everywhere). */
export function qosClass(spec: Json): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers: Json[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ["cpu", "memory"]) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || parseMilli(q) !== parseMilli(l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function restarts(pod: KubeObject): number {
  return ((pod.status as Json)?.containerStatuses ?? []).reduce((n: number, c: Json) => n + (c?.restartCount ?? 0), 0);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Orders pods so the ones to delete first come first (upstream ActivePods ordering): unscheduled
 * before scheduled, Pending < Unknown < Running, not ready before ready, recently ready first,
 * more restarts first, newer first.
 */
export function compareForDeletion(a: KubeObject, b: KubeObject): number {
  const na = (a as Json).spec?.nodeName ? 1 : 0;
  const nb = (b as Json).spec?.nodeName ? 1 : 0;
  if (na !== nb) return na - nb;
  const pa = PHASE_RANK[podPhase(a)] ?? 1;
  const pb = PHASE_RANK[podPhase(b)] ?? 1;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (ra && rb) {
    const ta = Date.parse(podCondition(a, "Ready")?.lastTransitionTime ?? "") || 0;
    const tb = Date.parse(podCondition(b, "Ready")?.lastTransitionTime ?? "") || 0;
    if (ta !== tb) return tb - ta;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ca = Date.parse(a.metadata.creationTimestamp ?? "") || 0;
  const cb = Date.parse(b.metadata.creationTimestamp ?? "") || 0;
  return cb - ca;
}

/**
 * Pure Deployment rollout arithmetic, ported from upstream pkg/controller/deployment/util:
 * pod-template hashes, maxSurge/maxUnavailable fenceposts, new-RS sizing, status and conditions.
 */
import { KUBE_NAME_ALPHABET } from "../../core/index.js";
import { canonicalJson, clone, deepEqual, isoSeconds, type Json, omitZero } from "./objects.js";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** Annotations the controller never copies from a Deployment onto its ReplicaSets. */
const SKIP_COPY_ANNOTATIONS = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/** apps/v1 defaults, for objects the API layer did not default. */
export const DEFAULT_MAX_SURGE = "25%";
export const DEFAULT_MAX_UNAVAILABLE = "25%";
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** math.MaxInt32 disables the progress deadline, as upstream. */
const NO_PROGRESS_DEADLINE = 2147483647;

export const Reason = {
  NewRSCreated: "NewReplicaSetCreated",
  FoundNewRS: "FoundNewReplicaSet",
  RSUpdated: "ReplicaSetUpdated",
  NewRSAvailable: "NewReplicaSetAvailable",
  TimedOut: "ProgressDeadlineExceeded",
  Paused: "DeploymentPaused",
  Resumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

/** fnv-1a 32-bit, as Go's hash/fnv New32a. */
function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character of the decimal hash mapped into the vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += KUBE_NAME_ALPHABET[s.charCodeAt(i) % KUBE_NAME_ALPHABET.length];
  return out;
}

/**
 * The pod-template-hash: fnv32a over the template (stable JSON here, where upstream uses Go's
 * object dump) plus the collision count, printed in decimal and safe-encoded: `7d9c8b6f5d`.
 */
export function computeTemplateHash(template: Json, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(canonicalJson(template ?? {}));
  let h = fnv32a(bytes);
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return safeEncodeString(String(h));
}

export function templateWithoutHash(template: Json): Json {
  const t = clone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

export function equalIgnoreHash(a: Json, b: Json): boolean {
  return deepEqual(templateWithoutHash(a), templateWithoutHash(b));
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const v = value === undefined || value === null ? fallback : value;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${v}": must be an integer or percentage (e.g '5%')`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function replicasOf(obj: Json): number {
  const r = obj?.spec?.replicas;
  return typeof r === "number" ? r : 1;
}

export function isRollingUpdate(d: Json): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") !== "Recreate";
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and both 0 means unavailable 1. */
export function resolveFenceposts(d: Json): { maxSurge: number; maxUnavailable: number } {
  const desired = replicasOf(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge, desired, true, DEFAULT_MAX_SURGE);
  let maxUnavailable = scaledValue(ru.maxUnavailable, desired, false, DEFAULT_MAX_UNAVAILABLE);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function maxSurgeOf(d: Json): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

export function maxUnavailableOf(d: Json): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicasOf(d));
}

export const specReplicasSum = (rss: Json[]): number => rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
export const statusReplicasSum = (rss: Json[]): number => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readySum = (rss: Json[]): number => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableSum = (rss: Json[]): number => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** NewRSNewReplicas: how big the new ReplicaSet may be right now. */
export function newRSNewReplicas(d: Json, allRSs: Json[], newRS: Json): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const { maxSurge } = resolveFenceposts(d);
  const current = specReplicasSum(allRSs);
  const maxTotal = replicasOf(d) + maxSurge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

export function revisionOf(rs: Json): number {
  const n = Number(rs?.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function maxRevision(rss: Json[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision (keeping the
 * old one in revision-history), and on creation stamp desired/max replicas. Mutates `rs`.
 */
export function setNewReplicaSetAnnotations(d: Json, rs: Json, newRevision: number, exists: boolean): boolean {
  rs.metadata.annotations ??= {};
  const ann: Record<string, string> = rs.metadata.annotations;
  let changed = false;
  for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) {
    if (SKIP_COPY_ANNOTATIONS.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  const oldRevision = ann[REVISION_ANNOTATION];
  if (Number(oldRevision ?? 0) < newRevision) {
    if (oldRevision) {
      ann[REVISION_HISTORY_ANNOTATION] = ann[REVISION_HISTORY_ANNOTATION] ? `${ann[REVISION_HISTORY_ANNOTATION]},${oldRevision}` : oldRevision;
    }
    ann[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurgeOf(d))) changed = true;
  return changed;
}

export function setReplicasAnnotations(rs: Json, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const ann = rs.metadata.annotations;
  let changed = false;
  if (ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    ann[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function progressDeadlineSeconds(d: Json): number | undefined {
  const s = d.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  return s === NO_PROGRESS_DEADLINE ? undefined : s;
}

export interface DeploymentCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function newCondition(type: string, status: DeploymentCondition["status"], reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = isoSeconds(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: Json, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c: Json) => c.type === type);
}

/** SetDeploymentCondition: same status+reason is a no-op; same status keeps lastTransitionTime. */
export function setCondition(status: Json, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = { ...cond };
  if (current && current.status === cond.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: Json) => c.type !== cond.type), next];
}

export function removeCondition(status: Json, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c: Json) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** calculateStatus: counts from the ReplicaSets, plus the Available condition. */
export function calculateStatus(d: Json, allRSs: Json[], newRS: Json | undefined, nowMs: number): Json {
  const available = availableSum(allRSs);
  const total = specReplicasSum(allRSs);
  const status: Json = {
    observedGeneration: d.metadata.generation ?? 1,
    ...omitZero({
      replicas: statusReplicasSum(allRSs),
      updatedReplicas: newRS ? newRS.status?.replicas ?? 0 : 0,
      readyReplicas: readySum(allRSs),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    }),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = clone(d.status.conditions);
  if (available >= replicasOf(d) - maxUnavailableOf(d)) {
    setCondition(status, newCondition("Available", "True", Reason.MinimumReplicasAvailable, "Deployment has minimum availability.", nowMs));
  } else {
    setCondition(status, newCondition("Available", "False", Reason.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", nowMs));
  }
  return status;
}

export function deploymentComplete(d: Json, status: Json): boolean {
  const n = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === n &&
    (status.replicas ?? 0) === n &&
    (status.availableReplicas ?? 0) === n &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

export function deploymentProgressing(d: Json, newStatus: Json): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function deploymentTimedOut(d: Json, newStatus: Json, nowMs: number): boolean {
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) return false;
  const c = getCondition(newStatus, "Progressing");
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  return Date.parse(c.lastUpdateTime) + deadline * 1000 < nowMs;
}

/** Proportional share of a scale change for one ReplicaSet (upstream getProportion). */
export function proportion(rs: Json, d: Json, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: Json, d: Json): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurgeOf(d);
  const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
  const base = Number.isFinite(annotated) && annotated > 0 ? annotated : d.status?.replicas ?? 0;
  if (!base) return 0;
  const newSize = (replicasOf(rs) * deploymentReplicas) / base;
  return Math.round(newSize) - replicasOf(rs);
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function rsByCreation(a: Json, b: Json): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? "") || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? "") || 0;
  return ta - tb || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/**
 * ReplicaSet controller: keeps `spec.replicas` active pods per ReplicaSet, names them
 * `<rs>-<5 chars>` (the store fills generateName), deletes the least useful pods first, reports
 * status, and on a rejected create (quota, LimitRange, terminating namespace) records `FailedCreate`
 * and a `ReplicaFailure` condition, then retries with client-go's exponential back-off.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, readList, stopAll, watchAll } from "./controller.js";
import { LIMIT_RANGES, PODS, REPLICA_SETS, RESOURCE_QUOTAS } from "./gvr.js";
import { selectorMatches } from "./label-selector.js";
import { clone, controllerRef, deepEqual, errorMessage, isControlledBy, isoSeconds, type Json, objectKey, omitZero, ownerRefTo, splitKey } from "./objects.js";
import { compareForDeletion, isPodActive, isPodAvailable, isPodReady, qosClass } from "./pod-util.js";
import { createWorkQueue } from "./work-queue.js";

export const REPLICASET_COMPONENT = "replicaset-controller";
/** Upstream burstReplicas: at most this many creates/deletes per sync. */
export const BURST_REPLICAS = 500;
/** slowStartBatch starts with this many creates and doubles while they succeed. */
const SLOW_START_INITIAL_BATCH = 1;

/** A Pod built from a controller's template, as upstream GetPodFromTemplate does. */
export function podFromTemplate(owner: KubeObject, template: Json, extra: { name?: string; generateName?: string; labels?: Record<string, string> } = {}): KubeObject {
  const spec = clone(template?.spec ?? {});
  const metadata: Json = {
    name: extra.name ?? "",
    namespace: owner.metadata.namespace,
    labels: { ...(template?.metadata?.labels ?? {}), ...(extra.labels ?? {}) },
    ownerReferences: [ownerRefTo(owner)],
  };
  if (extra.generateName) metadata.generateName = extra.generateName;
  if (template?.metadata?.annotations) metadata.annotations = clone(template.metadata.annotations);
  if (template?.metadata?.finalizers) metadata.finalizers = clone(template.metadata.finalizers);
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status: { phase: "Pending", qosClass: qosClass(spec) } };
}

export function replicaSetStatus(rs: Json, pods: KubeObject[], nowMs: number, failure: { reason: string; message: string } | undefined): Json {
  const active = pods.filter(isPodActive);
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const status: Json = {
    replicas: active.length,
    ...omitZero({
      fullyLabeledReplicas: active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
    }),
    observedGeneration: rs.metadata.generation ?? 1,
  };
  const prior: Json[] = (rs.status?.conditions ?? []).filter((c: Json) => c.type !== "ReplicaFailure");
  const existing = (rs.status?.conditions ?? []).find((c: Json) => c.type === "ReplicaFailure");
  if (failure) {
    prior.push(
      existing && existing.reason === failure.reason && existing.message === failure.message
        ? existing
        : { type: "ReplicaFailure", status: "True", lastTransitionTime: isoSeconds(nowMs), reason: failure.reason, message: failure.message },
    );
  }
  if (prior.length) status.conditions = prior;
  return status;
}

export const replicaSetController: Controller = {
  name: REPLICASET_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function reconcile(key: string) {
      const { namespace, name } = splitKey(key);
      const rs = store.get(REPLICA_SETS, namespace, name) as Json;
      if (!rs) return;
      const all = readList(store, PODS, { namespace }) as KubeObject[];
      let pods = all.filter((p) => isControlledBy(p, rs));
      if (!rs.metadata.deletionTimestamp) pods = pods.concat(adoptOrphans(rs, all));

      const desired: number = rs.spec?.replicas ?? 1;
      const active = pods.filter(isPodActive);
      const diff = active.length - desired;
      let failure: { reason: string; message: string } | undefined;

      if (!rs.metadata.deletionTimestamp) {
        if (diff < 0) {
          failure = createPods(rs, Math.min(-diff, BURST_REPLICAS));
        } else if (diff > 0) {
          const victims = [...active].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS));
          for (const pod of victims) {
            try {
              store.delete(PODS, namespace, pod.metadata.name);
              recorder.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, REPLICASET_COMPONENT);
            } catch (err) {
              if ((err as { code?: number }).code === 404) continue;
              const message = errorMessage(err);
              recorder.record(rs, "Warning", "FailedDelete", `Error deleting: ${message}`, REPLICASET_COMPONENT);
              failure = { reason: "FailedDelete", message };
              break;
            }
          }
        }
      }

      const now = clock.now();
      const fresh = store.get(REPLICA_SETS, namespace, name) as Json;
      if (!fresh) return;
      const owned = (readList(store, PODS, { namespace }) as KubeObject[]).filter((p) => isControlledBy(p, fresh));
      const status = replicaSetStatus(fresh, owned, now, failure);
      if (!deepEqual(status, fresh.status)) store.update(REPLICA_SETS, { ...fresh, status }, { subresource: "status", fieldManager: REPLICASET_COMPONENT });

      if (failure) return { retry: true };
      // Re-check when ready pods cross minReadySeconds, as upstream does.
      const minReady = fresh.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && status.readyReplicas === desired && status.availableReplicas !== desired) {
        return { requeueAfterMs: minReady * 1000 };
      }
      return;
    }

    /** slowStartBatch: 1, 2, 4… creates; stop at the first failure and report it. */
    function createPods(rs: Json, count: number): { reason: string; message: string } | undefined {
      let remaining = count;
      let batch = SLOW_START_INITIAL_BATCH;
      while (remaining > 0) {
        const n = Math.min(batch, remaining);
        for (let i = 0; i < n; i++) {
          try {
            const pod = podFromTemplate(rs, rs.spec?.template, { generateName: `${rs.metadata.name}-` });
            const created = store.create(PODS, pod, { fieldManager: REPLICASET_COMPONENT });
            recorder.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, REPLICASET_COMPONENT);
          } catch (err) {
            const message = errorMessage(err);
            recorder.record(rs, "Warning", "FailedCreate", `Error creating: ${message}`, REPLICASET_COMPONENT);
            return { reason: "FailedCreate", message };
          }
        }
        remaining -= n;
        batch *= 2;
      }
      return undefined;
    }

    /** Pods matching the selector with no controller become this ReplicaSet's (upstream adoption). */
    function adoptOrphans(rs: Json, all: KubeObject[]): KubeObject[] {
      const adopted: KubeObject[] = [];
      for (const p of all) {
        if (controllerRef(p) || p.metadata.deletionTimestamp || !isPodActive(p)) continue;
        if (!selectorMatches(rs.spec?.selector, p.metadata.labels)) continue;
        try {
          const updated = store.update(PODS, { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ownerRefTo(rs)] } }, { fieldManager: REPLICASET_COMPONENT });
          adopted.push(updated);
        } catch {
          // a racing writer wins; the next sync retries
        }
      }
      return adopted;
    }

    const queue = createWorkQueue({ name: REPLICASET_COMPONENT, clock, logger: ctx.logger, reconcile });
    const rsWatch = watchAll(store, REPLICA_SETS, (ev) => {
      if (ev.type !== "DELETED") queue.enqueue(objectKey(ev.object));
    });
    const podWatch = watchAll(store, PODS, (ev) => {
      const pod = ev.object;
      const ref = controllerRef(pod);
      if (ref) {
        if (ref.kind === "ReplicaSet") queue.enqueue(`${pod.metadata.namespace}/${ref.name}`);
        return;
      }
      if (ev.type === "DELETED") return;
      for (const rs of store.list(REPLICA_SETS, { namespace: pod.metadata.namespace }).items) {
        if (selectorMatches((rs as Json).spec?.selector, pod.metadata.labels)) queue.enqueue(objectKey(rs));
      }
    });
    // Not upstream (it waits out its back-off, up to 1000 s): a quota or LimitRange change retries the
    // failing ReplicaSets of that namespace at once, so a team's fix shows without a long stall.
    const admissionChanged = (ev: { object: KubeObject }) => {
      for (const rs of store.list(REPLICA_SETS, { namespace: ev.object.metadata.namespace }).items as Json[]) {
        if ((rs.status?.conditions ?? []).some((c: Json) => c.type === "ReplicaFailure")) queue.enqueue(objectKey(rs));
      }
    };
    const quotaWatch = watchAll(store, RESOURCE_QUOTAS, admissionChanged);
    const limitWatch = watchAll(store, LIMIT_RANGES, admissionChanged);
    return stopAll([rsWatch, podWatch, quotaWatch, limitWatch, queue]);
  },
};

/**
 * StatefulSet controller (OrderedReady and Parallel): pods `<name>-0..n-1` with stable names,
 * claims `<template>-<name>-<i>` from volumeClaimTemplates created before their pod, the next
 * ordinal only once every lower one is Running and Ready, scale-down from the highest ordinal,
 * and RollingUpdate replacing pods in reverse ordinal order.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { computeTemplateHash } from "./deployment-util.js";
import { PODS, PVCS, STATEFUL_SETS } from "./gvr.js";
import { clone, controllerRef, deepEqual, errorMessage, isControlledBy, type Json, objectKey, omitZero, splitKey, statusCode } from "./objects.js";
import { isPodAvailable, isPodReady, podPhase, podTerminal } from "./pod-util.js";
import { podFromTemplate } from "./replicaset.js";
import { createWorkQueue } from "./work-queue.js";

export const STATEFULSET_COMPONENT = "statefulset-controller";
const REVISION_LABEL = "controller-revision-hash";

function ordinalOf(sts: Json, pod: Json): number {
  const m = new RegExp(`^${sts.metadata.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)$`).exec(pod.metadata.name);
  return m ? Number(m[1]) : -1;
}

function runningAndReady(pod: Json): boolean {
  return podPhase(pod) === "Running" && isPodReady(pod) && !pod.metadata.deletionTimestamp;
}

export const statefulSetController: Controller = {
  name: STATEFULSET_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function claimName(tpl: Json, sts: Json, i: number): string {
      return `${tpl.metadata.name}-${sts.metadata.name}-${i}`;
    }

    function newPod(sts: Json, i: number, revision: string): KubeObject {
      const name = `${sts.metadata.name}-${i}`;
      const pod = podFromTemplate(sts, sts.spec.template, {
        name,
        labels: { [REVISION_LABEL]: revision, "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i) },
      }) as Json;
      pod.spec.hostname = name;
      if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
      const volumes: Json[] = (pod.spec.volumes ?? []).filter((v: Json) => !(sts.spec.volumeClaimTemplates ?? []).some((t: Json) => t.metadata.name === v.name));
      for (const t of sts.spec.volumeClaimTemplates ?? []) volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: claimName(t, sts, i) } });
      if (volumes.length) pod.spec.volumes = volumes;
      return pod;
    }

    /** Creates missing claims for ordinal i; false when one could not be created. */
    function ensureClaims(sts: Json, i: number): boolean {
      for (const t of sts.spec.volumeClaimTemplates ?? []) {
        const name = claimName(t, sts, i);
        if (store.get(PVCS, sts.metadata.namespace, name)) continue;
        const pvc: Json = clone(t);
        pvc.apiVersion = "v1";
        pvc.kind = "PersistentVolumeClaim";
        pvc.metadata = { ...(pvc.metadata ?? {}), name, namespace: sts.metadata.namespace, labels: { ...(sts.spec.selector?.matchLabels ?? {}), ...(t.metadata?.labels ?? {}) } };
        delete pvc.status;
        try {
          store.create(PVCS, pvc as KubeObject, { fieldManager: STATEFULSET_COMPONENT });
          recorder.record(sts, "Normal", "SuccessfulCreate", `create Claim ${name} Pod ${sts.metadata.name}-${i} in StatefulSet ${sts.metadata.name} success`, STATEFULSET_COMPONENT);
        } catch (err) {
          if (statusCode(err) === 409) continue;
          recorder.record(sts, "Warning", "FailedCreate", `create Claim ${name} for Pod ${sts.metadata.name}-${i} in StatefulSet ${sts.metadata.name} failed error: ${errorMessage(err)}`, STATEFULSET_COMPONENT);
          return false;
        }
      }
      return true;
    }

    function reconcile(key: string) {
      const { namespace, name } = splitKey(key);
      const sts = store.get(STATEFUL_SETS, namespace, name) as Json;
      if (!sts || sts.metadata.deletionTimestamp) return;
      const replicas: number = sts.spec.replicas ?? 1;
      const revision = `${sts.metadata.name}-${computeTemplateHash(sts.spec.template)}`;
      const parallel = sts.spec.podManagementPolicy === "Parallel";
      const owned = (store.list(PODS, { namespace }).items as Json[]).filter((p) => isControlledBy(p, sts));
      const byOrdinal = new Map<number, Json>();
      for (const p of owned) byOrdinal.set(ordinalOf(sts, p), p);
      let failed = false;

      // replace failed pods, then create missing ordinals in order
      for (let i = 0; i < replicas && !failed; i++) {
        const pod = byOrdinal.get(i);
        if (pod && podTerminal(pod) && !pod.metadata.deletionTimestamp) {
          store.delete(PODS, namespace, pod.metadata.name);
          recorder.record(sts, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, STATEFULSET_COMPONENT);
          if (!parallel) break;
          continue;
        }
        if (!pod) {
          if (!ensureClaims(sts, i)) {
            failed = true;
            break;
          }
          try {
            const created = store.create(PODS, newPod(sts, i, revision), { fieldManager: STATEFULSET_COMPONENT });
            byOrdinal.set(i, created);
            recorder.record(sts, "Normal", "SuccessfulCreate", `create Pod ${created.metadata.name} in StatefulSet ${name} successful`, STATEFULSET_COMPONENT);
          } catch (err) {
            if (statusCode(err) === 409) break; // the old pod is still terminating
            recorder.record(sts, "Warning", "FailedCreate", `create Pod ${name}-${i} in StatefulSet ${name} failed error: ${errorMessage(err)}`, STATEFULSET_COMPONENT);
            failed = true;
          }
          if (!parallel) break;
          continue;
        }
        if (!parallel && !runningAndReady(pod)) break;
      }

      // scale down from the highest ordinal, one at a time (unless Parallel)
      const extra = [...byOrdinal.entries()].filter(([i, p]) => (i >= replicas || i < 0) && !p.metadata.deletionTimestamp).sort((a, b) => b[0] - a[0]);
      const lowerAllReady = [...byOrdinal.entries()].filter(([i]) => i >= 0 && i < replicas).every(([, p]) => runningAndReady(p));
      for (const [, pod] of parallel ? extra : extra.slice(0, 1)) {
        if (!parallel && !lowerAllReady) break;
        if (!parallel && [...byOrdinal.values()].some((p) => p.metadata.deletionTimestamp)) break;
        store.delete(PODS, namespace, pod.metadata.name);
        recorder.record(sts, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, STATEFULSET_COMPONENT);
      }

      // RollingUpdate: replace the highest-ordinal outdated pod once every pod is Ready
      const strategy = sts.spec.updateStrategy?.type ?? "RollingUpdate";
      const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      const current = [...byOrdinal.entries()].filter(([i]) => i >= 0 && i < replicas);
      if (strategy === "RollingUpdate" && current.length === replicas && current.every(([, p]) => runningAndReady(p))) {
        const outdated = current.filter(([i, p]) => i >= partition && p.metadata.labels?.[REVISION_LABEL] !== revision).sort((a, b) => b[0] - a[0]);
        if (outdated[0]) {
          const pod = outdated[0][1];
          store.delete(PODS, namespace, pod.metadata.name);
          recorder.record(sts, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, STATEFULSET_COMPONENT);
        }
      }

      const pods = (store.list(PODS, { namespace }).items as Json[]).filter((p) => isControlledBy(p, sts) && !p.metadata.deletionTimestamp);
      const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
      const fresh = store.get(STATEFUL_SETS, namespace, name) as Json;
      if (!fresh) return;
      const currentRevision = updated === pods.length ? revision : fresh.status?.currentRevision ?? revision;
      const status = {
        observedGeneration: fresh.metadata.generation ?? 1,
        replicas: pods.length,
        ...omitZero({
          readyReplicas: pods.filter(isPodReady).length,
          currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
          updatedReplicas: updated,
        }),
        availableReplicas: pods.filter((p) => isPodAvailable(p, fresh.spec.minReadySeconds ?? 0, clock.now())).length,
        currentRevision,
        updateRevision: revision,
        collisionCount: 0,
      };
      if (!deepEqual(status, fresh.status)) store.update(STATEFUL_SETS, { ...fresh, status }, { subresource: "status", fieldManager: STATEFULSET_COMPONENT });
      return failed ? { retry: true } : undefined;
    }

    const queue = createWorkQueue({ name: STATEFULSET_COMPONENT, clock, logger: ctx.logger, reconcile });
    const handles = [
      watchAll(store, STATEFUL_SETS, (ev) => {
        if (ev.type !== "DELETED") queue.enqueue(objectKey(ev.object));
      }),
      watchAll(store, PODS, (ev) => {
        const ref = controllerRef(ev.object);
        if (ref?.kind === "StatefulSet") queue.enqueue(`${ev.object.metadata.namespace}/${ref.name}`);
      }),
      queue,
    ];
    return stopAll(handles);
  },
};

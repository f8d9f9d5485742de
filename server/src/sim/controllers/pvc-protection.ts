/**
 * StorageObjectInUseProtection: every claim gets the `kubernetes.io/pvc-protection` finalizer at
 * creation, and this controller removes it from a deleted claim only once no pod uses the claim any
 * more — so `kubectl delete pvc` on a mounted claim leaves it Terminating until the pod is gone.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { PODS, PVCS, gvrKey } from "./gvr.js";
import { type Json, objectKey, splitKey } from "./objects.js";
import { podTerminal } from "./pod-util.js";
import { createWorkQueue } from "./work-queue.js";

export const PVC_PROTECTION_COMPONENT = "pvc-protection-controller";
export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";

function claimsOf(pod: Json): string[] {
  return (pod.spec?.volumes ?? []).map((v: Json) => v.persistentVolumeClaim?.claimName).filter(Boolean);
}

export const pvcProtectionController: Controller = {
  name: PVC_PROTECTION_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
    let stopped = false;
    store.addAdmissionHook((op, gvr, obj) => {
      if (stopped || op !== "CREATE" || gvrKey(gvr) !== gvrKey(PVCS)) return;
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) obj.metadata.finalizers = [...finalizers, PVC_PROTECTION_FINALIZER];
    });

    const queue = createWorkQueue({
      name: PVC_PROTECTION_COMPONENT,
      clock,
      logger: ctx.logger,
      reconcile(key) {
        const { namespace, name } = splitKey(key);
        const pvc = store.get(PVCS, namespace, name) as Json;
        if (!pvc?.metadata.deletionTimestamp || !(pvc.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)) return;
        const inUse = (store.list(PODS, { namespace }).items as Json[]).some((p) => !podTerminal(p) && claimsOf(p).includes(name));
        if (inUse) return;
        const finalizers = pvc.metadata.finalizers.filter((f: string) => f !== PVC_PROTECTION_FINALIZER);
        const metadata = { ...pvc.metadata };
        if (finalizers.length) metadata.finalizers = finalizers;
        else delete metadata.finalizers;
        store.update(PVCS, { ...pvc, metadata } as KubeObject, { fieldManager: PVC_PROTECTION_COMPONENT });
      },
    });
    const handles = [
      watchAll(store, PVCS, (ev) => {
        if (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp) queue.enqueue(objectKey(ev.object));
      }),
      watchAll(store, PODS, (ev) => {
        if (ev.type !== "DELETED" && !podTerminal(ev.object)) return;
        for (const claim of claimsOf(ev.object)) queue.enqueue(`${ev.object.metadata.namespace}/${claim}`);
      }),
      queue,
      { stop: () => (stopped = true) },
    ];
    return stopAll(handles);
  },
};

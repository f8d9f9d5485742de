/**
 * LimitRanger + ResourceQuota admission hooks (in that order, as kube-apiserver runs them) and the
 * resource-quota controller that keeps every quota's `status.hard` / `status.used` current.
 */
import { StoreError } from "../store/errors.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { LIMIT_RANGES, RESOURCE_QUOTAS, gvrKey } from "./gvr.js";
import { aggregate, applyDefaults, validateLimits } from "./limit-ranger.js";
import { namespacedContent } from "./namespace.js";
import { admissionName, deepEqual, type Json, splitKey } from "./objects.js";
import { checkQuota, computeUsed, countResourceName, formatResourceList } from "./quota.js";
import { createWorkQueue } from "./work-queue.js";

export const QUOTA_COMPONENT = "resourcequota-controller";

/** Resource types whose objects can count toward one of these hard resources. */
export function relevantTypes(hard: string[], types: GroupVersionResource[]): GroupVersionResource[] {
  return types.filter((gvr) => {
    const count = countResourceName(gvr);
    return hard.some((h) => {
      if (h === count) return true;
      if (gvr.group !== "") return false;
      switch (gvr.resource) {
        case "pods":
          return h === "pods" || h === "cpu" || h === "memory" || h.startsWith("requests.") && !h.endsWith("storage") || h.startsWith("limits.") || h === "requests.ephemeral-storage";
        case "services":
          return h.startsWith("services");
        case "persistentvolumeclaims":
          return h === "persistentvolumeclaims" || h === "requests.storage" || h.includes(".storageclass.storage.k8s.io/");
        default:
          return h === gvr.resource;
      }
    });
  });
}

function forbidden(gvr: GroupVersionResource, obj: Json, reason: string): StoreError {
  // admission.NewForbidden names the object by generateName when the name is not chosen yet
  const name = admissionName(obj.metadata);
  const qualified = gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
  return new StoreError("Forbidden", `${qualified} "${name}" is forbidden: ${reason}`, { name, kind: gvr.resource, ...(gvr.group ? { group: gvr.group } : {}) });
}

function usageLists(store: ObjectStore, namespace: string, hard: string[], types: GroupVersionResource[]) {
  return relevantTypes(hard, types).map((gvr) => ({ gvr, items: store.list(gvr, { namespace }).items as Json[] }));
}

export function registerResourceAdmission(store: ObjectStore, types: GroupVersionResource[], isStopped: () => boolean): void {
  store.addAdmissionHook((op, gvr, obj) => {
    if (isStopped() || op !== "CREATE" || !obj.metadata.namespace) return;
    const ns = obj.metadata.namespace;
    const o = obj as Json;
    if (gvr.group === "" && gvr.resource === "pods") {
      const ranges = store.list(LIMIT_RANGES, { namespace: ns }).items as Json[];
      if (ranges.length) {
        applyDefaults(o, ranges);
        const errs = validateLimits(o, ranges);
        if (errs.length) throw forbidden(gvr, o, aggregate(errs));
      }
    }
    if (gvr.resource === "events") return;
    for (const quota of store.list(RESOURCE_QUOTAS, { namespace: ns }).items as Json[]) {
      const hard = Object.keys(quota.spec?.hard ?? {});
      if (!hard.length) continue;
      const used = computeUsed(quota, usageLists(store, ns, hard, types));
      const reason = checkQuota(quota, gvr, o, used);
      if (reason) throw forbidden(gvr, o, reason);
    }
  });
}

export const resourceQuotaController: Controller = {
  name: QUOTA_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
    const types = namespacedContent().filter((g) => g.resource !== "events");
    let stopped = false;
    registerResourceAdmission(store, types, () => stopped);

    const queue = createWorkQueue({
      name: QUOTA_COMPONENT,
      clock,
      logger: ctx.logger,
      reconcile(key) {
        const { namespace, name } = splitKey(key);
        const quota = store.get(RESOURCE_QUOTAS, namespace, name) as Json;
        if (!quota || quota.metadata.deletionTimestamp) return;
        const hardSpec: Record<string, string> = quota.spec?.hard ?? {};
        const used = formatResourceList(computeUsed(quota, usageLists(store, namespace!, Object.keys(hardSpec), types)));
        const status = { hard: { ...hardSpec }, used };
        if (deepEqual(status, quota.status)) return;
        store.update(RESOURCE_QUOTAS, { ...quota, status } as KubeObject, { subresource: "status", fieldManager: QUOTA_COMPONENT });
      },
    });
    const enqueueNamespace = (ns: string | undefined) => {
      if (!ns) return;
      for (const q of store.list(RESOURCE_QUOTAS, { namespace: ns }).items) queue.enqueue(`${ns}/${q.metadata.name}`);
    };
    const watched = types.filter((g) => gvrKey(g) !== gvrKey(RESOURCE_QUOTAS));
    const handles = [
      watchAll(store, RESOURCE_QUOTAS, (ev) => {
        if (ev.type !== "DELETED") queue.enqueue(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
        else enqueueNamespace(ev.object.metadata.namespace);
      }),
      ...watched.map((gvr) =>
        watchAll(store, gvr, (ev) => {
          if (store.list(RESOURCE_QUOTAS, { namespace: ev.object.metadata.namespace }).items.length) enqueueNamespace(ev.object.metadata.namespace);
        }),
      ),
      queue,
      { stop: () => (stopped = true) },
    ];
    return stopAll(handles);
  },
};

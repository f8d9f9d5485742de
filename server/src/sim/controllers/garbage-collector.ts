/**
 * Garbage collector, background propagation: when an owner is really gone, its dependents are
 * deleted (or, when they still have another live owner, the dangling reference is dropped).
 * Foreground (`foregroundDeletion` finalizer) and Orphan are carried out by the store itself at
 * delete time; this controller covers what upstream's GC does asynchronously after the owner goes.
 */
import type { SimObjectStore } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll } from "./controller.js";
import { type Json, statusCode } from "./objects.js";
import { createWorkQueue } from "./work-queue.js";

export const GC_COMPONENT = "garbage-collector-controller";

function isSimStore(store: unknown): store is SimObjectStore {
  return typeof (store as SimObjectStore).onRemoved === "function" && typeof (store as SimObjectStore).findDependents === "function";
}

export const garbageCollector: Controller = {
  name: GC_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, logger } = ctx;
    if (!isSimStore(store)) {
      logger.warn("garbage collector disabled: the store cannot report removals or dependents");
      return { stop() {} };
    }
    const queue = createWorkQueue({
      name: GC_COMPONENT,
      clock,
      logger,
      reconcile(ownerUid) {
        if (store.getByUid(ownerUid)) return; // it came back (same uid cannot, but be safe)
        for (const { gvr, object } of store.findDependents(ownerUid)) {
          const dep = object as Json;
          if (dep.metadata.deletionTimestamp && !(dep.metadata.finalizers ?? []).length) continue;
          const refs: Json[] = dep.metadata.ownerReferences ?? [];
          const live = refs.filter((r) => r.uid !== ownerUid && store.getByUid(r.uid));
          try {
            if (live.length === 0) {
              if (!dep.metadata.deletionTimestamp) store.delete(gvr, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: "Background", preconditionUid: dep.metadata.uid });
            } else {
              store.update(gvr, { ...dep, metadata: { ...dep.metadata, ownerReferences: refs.filter((r) => r.uid !== ownerUid) } }, { fieldManager: GC_COMPONENT });
            }
          } catch (err) {
            const code = statusCode(err);
            if (code !== 404 && code !== 409) throw err;
          }
        }
      },
    });
    const unsubscribe = store.onRemoved((_gvr, obj) => {
      if (obj.metadata.uid && store.findDependents(obj.metadata.uid).length) queue.enqueue(obj.metadata.uid);
    });
    return stopAll([queue, { stop: unsubscribe }]);
  },
};

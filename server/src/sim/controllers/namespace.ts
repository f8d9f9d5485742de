/**
 * Namespace lifecycle. Deleting a namespace marks it `Terminating` (the store keeps it while
 * `spec.finalizers` holds "kubernetes"), this controller deletes everything in it, then releases
 * the finalizer and the store removes the namespace.
 * An admission hook refuses new objects in a terminating namespace with kube-apiserver's message.
 */
import { RESOURCES, gvrOf } from "../resources/registry.js";
import { StoreError } from "../store/errors.js";
import type { AdmissionHook, GroupVersionResource, KubeObject, ObjectStore } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { NAMESPACES, gvrKey } from "./gvr.js";
import { admissionName, isoSeconds, type Json, statusCode } from "./objects.js";
import { createWorkQueue } from "./work-queue.js";

export const NAMESPACE_COMPONENT = "namespace-controller";
export const NAMESPACE_FINALIZER = "kubernetes";
/** While content remains (graceful pods), re-check this often. */
export const NAMESPACE_RECHECK_MS = 1000;

/** Every stored namespaced resource type, from the API's registry; events last, as they narrate the rest. */
export function namespacedContent(): GroupVersionResource[] {
  const defs = RESOURCES.filter((r) => r.namespaced && !r.virtual);
  const events = defs.filter((r) => r.resource === "events");
  return [...defs.filter((r) => r.resource !== "events"), ...events].map(gvrOf);
}

function qualified(gvr: GroupVersionResource): string {
  return gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
}

/** NamespaceLifecycle admission for in-process writers (controllers, kubelet). */
export function terminatingNamespaceHook(store: ObjectStore): AdmissionHook {
  return (op, gvr, obj) => {
    if (op !== "CREATE" || !obj.metadata.namespace || gvrKey(gvr) === gvrKey(NAMESPACES)) return;
    const ns = store.get(NAMESPACES, undefined, obj.metadata.namespace) as Json;
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp && ns.status?.phase !== "Terminating") return;
    const name = admissionName(obj.metadata);
    throw new StoreError(
      "Forbidden",
      `${qualified(gvr)} "${name}" is forbidden: unable to create new content in namespace ${obj.metadata.namespace} because it is being terminated`,
      {
        name,
        kind: gvr.resource,
        ...(gvr.group ? { group: gvr.group } : {}),
        causes: [{ reason: "NamespaceTerminating", message: `namespace ${obj.metadata.namespace} is being terminated`, field: "metadata.namespace" }],
      },
    );
  };
}

function condition(type: string, status: string, reason: string, message: string, now: string) {
  return { type, status, lastTransitionTime: now, reason, message };
}

export const namespaceController: Controller = {
  name: NAMESPACE_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
    let stopped = false;
    const lifecycle = terminatingNamespaceHook(store);
    store.addAdmissionHook((op, gvr, obj, old) => {
      if (!stopped) lifecycle(op, gvr, obj, old);
    });
    const content = namespacedContent();

    function reconcile(name: string) {
      const ns = store.get(NAMESPACES, undefined, name) as Json;
      if (!ns) {
        // removed without our finalizer (e.g. a store that deletes at once): still empty it
        deleteContent(name);
        return;
      }
      if (!ns.metadata.deletionTimestamp) return;
      const remaining = deleteContent(name);
      const now = isoSeconds(clock.now());
      const counts = Object.entries(remaining);
      const status = {
        ...(ns.status ?? {}),
        phase: "Terminating",
        conditions: [
          condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered", now),
          condition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed", now),
          condition("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization", now),
          counts.length
            ? condition("NamespaceContentRemaining", "True", "SomeResourcesRemain", `Some resources are remaining: ${counts.map(([r, n]) => `${r} has ${n} resource instances`).join(", ")}`, now)
            : condition("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed", now),
          condition("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished", now),
        ],
      };
      const keepTimes = (a: Json[], b: Json[]) => JSON.stringify(a.map(({ lastTransitionTime: _t, ...r }) => r)) === JSON.stringify(b.map(({ lastTransitionTime: _t, ...r }) => r));
      let current = ns;
      if (ns.status?.phase !== "Terminating" || !keepTimes(ns.status?.conditions ?? [], status.conditions)) {
        current = store.update(NAMESPACES, { ...ns, status }, { subresource: "status", fieldManager: NAMESPACE_COMPONENT });
      }
      if (counts.length) return { requeueAfterMs: NAMESPACE_RECHECK_MS };
      // empty: release spec.finalizers (the /finalize step); the store then removes the namespace.
      // An empty list, not a missing one, so defaulting does not put "kubernetes" back.
      const spec = { ...(current.spec ?? {}), finalizers: (current.spec?.finalizers ?? []).filter((f: string) => f !== NAMESPACE_FINALIZER) };
      store.update(NAMESPACES, { ...current, spec } as KubeObject, { fieldManager: NAMESPACE_COMPONENT });
      return;
    }

    /** Deletes what is left; returns counts per resource of what still exists (terminating). */
    function deleteContent(namespace: string): Record<string, number> {
      const remaining: Record<string, number> = {};
      for (const gvr of content) {
        const items = store.list(gvr, { namespace }).items;
        if (items.length === 0) continue;
        for (const obj of items) {
          if (obj.metadata.deletionTimestamp) continue;
          try {
            store.delete(gvr, namespace, obj.metadata.name, { propagationPolicy: "Background" });
          } catch (err) {
            if (statusCode(err) !== 404) throw err;
          }
        }
        const left = store.list(gvr, { namespace }).items.length;
        if (left) remaining[qualified(gvr)] = left;
      }
      return remaining;
    }

    const queue = createWorkQueue({ name: NAMESPACE_COMPONENT, clock, logger: ctx.logger, reconcile });
    const handles = [
      watchAll(store, NAMESPACES, (ev) => {
        if (ev.type === "DELETED" || ev.object.metadata.deletionTimestamp) queue.enqueue(ev.object.metadata.name);
      }),
      queue,
      { stop: () => (stopped = true) },
    ];
    return stopAll(handles);
  },
};

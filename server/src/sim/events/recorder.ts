/**
 * Writes core/v1 Events the way client-go's event recorder does: the name is
 * `<involvedObject.name>.<hex nanoseconds>`, and a repeat of the same (source, object, type, reason,
 * message) bumps `count` and `lastTimestamp` on the existing Event instead of creating a new one
 * (client-go's EventCorrelator), which is what gives `describe` its `(x4 over 2m)`.
 * events.k8s.io/v1 is not written here: the API serves core Events to kubectl.
 */
import type { Clock, Logger, TimerHandle } from "../../core/index.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "../store/types.js";

export const EVENTS_GVR: GroupVersionResource = { group: "", version: "v1", resource: "events" };
/** client-go keeps this many correlation keys (its LRU size). */
export const EVENT_CACHE_SIZE = 4096;
/** kube-apiserver's default --event-ttl: an Event not updated for this long is deleted. */
export const EVENT_TTL_MS = 60 * 60_000;
/** Cluster-scoped objects (Nodes, PVs) have their Events in this namespace, as upstream. */
export const CLUSTER_EVENT_NAMESPACE = "default";

export type EventType = "Normal" | "Warning";

/** Who reports: `{component:"kubelet", host:"node-1"}` or a controller name like "deployment-controller". */
export type EventSource = string | { component: string; host?: string };

/** The fields of an ObjectReference that an Event's involvedObject carries. */
export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface RecordOptions {
  /** e.g. `spec.containers{frontend}` for container-level kubelet events. */
  fieldPath?: string;
}

export interface EventRecorder {
  /** Records (or aggregates) an Event. Never throws: a failed write is logged and dropped, as upstream. */
  record(
    involvedObject: KubeObject | ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
    options?: RecordOptions,
  ): void;
  /** Cancels pending TTL deletions (the Events themselves stay). */
  stop(): void;
}

function toReference(obj: KubeObject | ObjectReference, fieldPath: string | undefined): ObjectReference {
  if ("metadata" in obj && obj.metadata) {
    const o = obj as KubeObject;
    return {
      kind: o.kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      uid: o.metadata.uid,
      apiVersion: o.apiVersion,
      resourceVersion: o.metadata.resourceVersion,
      fieldPath,
    };
  }
  const r = obj as ObjectReference;
  return { ...r, fieldPath: fieldPath ?? r.fieldPath };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function createEventRecorder(deps: { store: ObjectStore; clock: Clock; logger?: Logger }): EventRecorder {
  const { store, clock } = deps;
  /** correlation key → the Event's namespace/name */
  const seen = new Map<string, { namespace: string; name: string }>();
  let seq = 0;
  /** namespace/name → the timer that deletes the Event when its TTL runs out */
  const expiries = new Map<string, TimerHandle>();

  function expireLater(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    expiries.get(key)?.cancel();
    expiries.set(
      key,
      clock.setTimeout(() => {
        expiries.delete(key);
        try {
          store.delete(EVENTS_GVR, namespace, name);
        } catch {
          // already gone (namespace deletion)
        }
      }, EVENT_TTL_MS),
    );
  }

  function remember(key: string, value: { namespace: string; name: string }): void {
    seen.delete(key);
    seen.set(key, value);
    if (seen.size > EVENT_CACHE_SIZE) seen.delete(seen.keys().next().value as string);
  }

  function uniqueName(objName: string): string {
    // client-go: fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()); the sequence keeps same-ms events apart
    const nanos = BigInt(clock.now()) * 1_000_000n + BigInt(seq++ % 1_000_000);
    return `${objName}.${nanos.toString(16)}`;
  }

  return {
    record(involvedObject, type, reason, message, source, options) {
      try {
        const ref = dropUndefined(toReference(involvedObject, options?.fieldPath));
        const src = typeof source === "string" ? { component: source } : dropUndefined({ ...source });
        const namespace = ref.namespace || CLUSTER_EVENT_NAMESPACE;
        const key = JSON.stringify([src.component, src.host ?? "", ref.kind, ref.namespace ?? "", ref.name, ref.fieldPath ?? "", ref.uid ?? "", ref.apiVersion ?? "", type, reason, message]);
        const now = isoSeconds(clock.now());

        const prior = seen.get(key);
        if (prior) {
          const existing = store.get(EVENTS_GVR, prior.namespace, prior.name);
          if (existing) {
            const updated = {
              ...existing,
              count: ((existing.count as number | undefined) ?? 1) + 1,
              lastTimestamp: now,
            };
            store.update(EVENTS_GVR, updated as KubeObject, { fieldManager: src.component });
            remember(key, prior);
            expireLater(prior.namespace, prior.name);
            return;
          }
        }

        const name = uniqueName(ref.name);
        const event: KubeObject = {
          apiVersion: "v1",
          kind: "Event",
          metadata: { name, namespace },
          involvedObject: ref,
          reason,
          message,
          source: src,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          eventTime: null,
          reportingComponent: src.component,
          reportingInstance: src.host ?? "",
        };
        store.create(EVENTS_GVR, event, { fieldManager: src.component });
        remember(key, { namespace, name });
        expireLater(namespace, name);
      } catch (err) {
        deps.logger?.debug({ err, reason }, "event dropped");
      }
    },
    stop() {
      for (const t of expiries.values()) t.cancel();
      expiries.clear();
    },
  };
}

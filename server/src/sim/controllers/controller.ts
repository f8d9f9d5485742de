/** What every controller gets and returns; `index.ts` registers each one in one line. */
import type { Clock, Logger } from "../../core/index.js";
import type { EventRecorder } from "../events/index.js";
import type { GroupVersionResource, KubeObject, ListOptions, ObjectStore, SimObjectStore, WatchEvent, WatchHandle } from "../store/types.js";

export interface ControllerContext {
  store: ObjectStore;
  clock: Clock;
  logger: Logger;
  recorder: EventRecorder;
}

export interface RunningController {
  stop(): void;
}

export interface Controller {
  /** The component name events are reported as, e.g. "deployment-controller". */
  readonly name: string;
  start(ctx: ControllerContext): RunningController;
}

/** Watches every object of a type from the start (synthetic ADDED for what exists, then changes). */
export function watchAll(
  store: ObjectStore,
  gvr: GroupVersionResource,
  onEvent: (event: WatchEvent) => void,
): WatchHandle {
  return store.watch(gvr, { resourceVersion: "0" }, (ev) => {
    if (ev.type === "BOOKMARK" || ev.type === "ERROR") return;
    onEvent(ev);
  });
}

/**
 * A list for reading only: the sim store's frozen objects without copies when it has `peekList`, else a
 * normal (copied) list. Hot reconcile paths use it: a copied list of a namespace's 100 pods on every pod
 * change was most of the CPU at 10 000 pods (docs/BENCHMARKS.md, Cluster scale). Never mutate the items.
 */
export function readList(store: ObjectStore, gvr: GroupVersionResource, options?: ListOptions): readonly Readonly<KubeObject>[] {
  return "peekList" in store ? (store as SimObjectStore).peekList(gvr, options).items : store.list(gvr, options).items;
}

/** One object for reading only: the store's frozen object via `peek` when it has one, else a copied `get`. Never mutate it. */
export function readOne(store: ObjectStore, gvr: GroupVersionResource, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined {
  return "peek" in store ? (store as SimObjectStore).peek(gvr, namespace, name) : store.get(gvr, namespace, name);
}

export function stopAll(handles: readonly { stop(): void }[]): RunningController {
  return {
    stop() {
      for (const h of handles) h.stop();
    },
  };
}

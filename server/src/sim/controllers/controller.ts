/** What every controller gets and returns; `index.ts` registers each one in one line. */
import type { Clock, Logger } from "../../core/index.js";
import type { EventRecorder } from "../events/index.js";
import type { GroupVersionResource, ObjectStore, WatchEvent, WatchHandle } from "../store/types.js";

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

export function stopAll(handles: readonly { stop(): void }[]): RunningController {
  return {
    stop() {
      for (const h of handles) h.stop();
    },
  };
}

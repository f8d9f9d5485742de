/**
 * The simulated cluster's control plane: bootstrap objects, admission hooks and controllers.
 * `startControllers` is what `startSimCluster` (sim/api) calls. One line per controller below.
 */
import type { Clock, Logger } from "../../core/index.js";
import { createEventRecorder, type EventRecorder } from "../events/index.js";
import type { ObjectStore } from "../store/types.js";
import { bootstrapCluster, defaultNodes, type SimNodeConfig } from "./bootstrap.js";
import type { Controller, RunningController } from "./controller.js";
import { daemonSetController } from "./daemonset.js";
import { deploymentController } from "./deployment.js";
import { endpointsController } from "./endpoints.js";
import { garbageCollector } from "./garbage-collector.js";
import { namespaceController } from "./namespace.js";
import { persistentVolumeController } from "./pv-binder.js";
import { pvcProtectionController } from "./pvc-protection.js";
import { replicaSetController } from "./replicaset.js";
import { resourceQuotaController } from "./resourcequota.js";
import { scheduler } from "./scheduler.js";
import { serviceAccountController } from "./serviceaccount.js";
import { statefulSetController } from "./statefulset.js";

/**
 * In start order. Admission hooks register in this order too: NamespaceLifecycle (namespace) runs
 * before LimitRanger and ResourceQuota (resourcequota), as in kube-apiserver.
 */
export const CONTROLLERS: readonly Controller[] = [
  namespaceController,
  resourceQuotaController,
  serviceAccountController,
  garbageCollector,
  deploymentController,
  replicaSetController,
  statefulSetController,
  daemonSetController,
  endpointsController,
  persistentVolumeController,
  pvcProtectionController,
  scheduler,
];

export interface StartControllersOptions {
  store: ObjectStore;
  clock: Clock;
  logger: Logger;
  /** Simulated nodes; default `node-1..3` with 2 CPU / 4Gi allocatable each. */
  nodes?: SimNodeConfig[];
  /** Run only these controllers (by name); default all. Tests use it to isolate one controller. */
  only?: readonly string[];
}

export interface RunningControllers {
  stop(): void;
  recorder: EventRecorder;
}

export function startControllers(opts: StartControllersOptions): RunningControllers {
  const { store, clock, logger } = opts;
  const recorder = createEventRecorder({ store, clock, logger });
  bootstrapCluster({ store, clock, logger, nodes: opts.nodes ?? defaultNodes() });
  const ctx = { store, clock, logger, recorder };
  const running: RunningController[] = [];
  for (const c of CONTROLLERS) {
    if (opts.only && !opts.only.includes(c.name)) continue;
    running.push(c.start(ctx));
  }
  return {
    recorder,
    stop() {
      for (const r of running.reverse()) r.stop();
      recorder.stop();
    },
  };
}

export { bootstrapCluster, defaultNodes, type SimNodeConfig } from "./bootstrap.js";
export { DEPLOYMENT_COMPONENT } from "./deployment.js";
export { REPLICASET_COMPONENT } from "./replicaset.js";
export { SCHEDULER_COMPONENT } from "./scheduler.js";
export { NAMESPACE_COMPONENT } from "./namespace.js";
export { GC_COMPONENT } from "./garbage-collector.js";
export { ENDPOINTS_COMPONENT } from "./endpoints.js";
export { PV_COMPONENT } from "./pv-binder.js";
export { PVC_PROTECTION_COMPONENT } from "./pvc-protection.js";
export { QUOTA_COMPONENT } from "./resourcequota.js";
export { STATEFULSET_COMPONENT } from "./statefulset.js";
export { DAEMONSET_COMPONENT } from "./daemonset.js";
export { SERVICEACCOUNT_COMPONENT } from "./serviceaccount.js";
export type { Controller, ControllerContext } from "./controller.js";

/**
 * DaemonSet controller: one pod per node the pod may run on (nodeSelector / required affinity and
 * NoSchedule/NoExecute taints, with the tolerations DaemonSet pods always get), pinned with a
 * `metadata.name` node-affinity term for the scheduler to bind; outdated pods are replaced one at a
 * time (RollingUpdate, maxUnavailable 1).
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { DAEMON_SETS, NODES, PODS } from "./gvr.js";
import { clone, controllerRef, deepEqual, errorMessage, isControlledBy, type Json, objectKey, omitZero, splitKey } from "./objects.js";
import { isPodAvailable, isPodReady, podTerminal } from "./pod-util.js";
import { podFromTemplate } from "./replicaset.js";
import { matchesNodeAffinity, tolerates, type Taint, type Toleration } from "./scheduling.js";
import { createWorkQueue } from "./work-queue.js";

export const DAEMONSET_COMPONENT = "daemonset-controller";
const GENERATION_LABEL = "pod-template-generation";

/** Tolerations the DaemonSet controller adds to every daemon pod (upstream AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export function shouldRunOn(ds: Json, node: Json): boolean {
  const pod = { spec: ds.spec?.template?.spec ?? {} };
  if (!matchesNodeAffinity(pod, node)) return false;
  const tolerations = [...(pod.spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return ((node.spec?.taints ?? []) as Taint[]).every((t) => (t.effect !== "NoSchedule" && t.effect !== "NoExecute") || tolerates(tolerations, t));
}

export const daemonSetController: Controller = {
  name: DAEMONSET_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function daemonPod(ds: Json, nodeName: string): KubeObject {
      const pod = podFromTemplate(ds, ds.spec.template, {
        generateName: `${ds.metadata.name}-`,
        labels: { [GENERATION_LABEL]: String(ds.metadata.generation ?? 1) },
      }) as Json;
      const existing: Toleration[] = pod.spec.tolerations ?? [];
      pod.spec.tolerations = [...existing, ...DAEMON_TOLERATIONS.filter((t) => !existing.some((e) => e.key === t.key && e.effect === t.effect))];
      const affinity = clone(pod.spec.affinity ?? {});
      affinity.nodeAffinity ??= {};
      affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
        nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }],
      };
      pod.spec.affinity = affinity;
      return pod;
    }

    function targetNode(pod: Json): string | undefined {
      return pod.spec?.nodeName ?? pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
    }

    function reconcile(key: string) {
      const { namespace, name } = splitKey(key);
      const ds = store.get(DAEMON_SETS, namespace, name) as Json;
      if (!ds || ds.metadata.deletionTimestamp) return;
      const nodes = store.list(NODES).items as Json[];
      const pods = (store.list(PODS, { namespace }).items as Json[]).filter((p) => isControlledBy(p, ds));
      const generation = String(ds.metadata.generation ?? 1);
      let failed = false;
      const wanted = new Set(nodes.filter((n) => shouldRunOn(ds, n)).map((n) => n.metadata.name));
      const byNode = new Map<string, Json[]>();
      for (const p of pods) {
        const n = targetNode(p) ?? "";
        byNode.set(n, [...(byNode.get(n) ?? []), p]);
      }
      for (const node of wanted) {
        const live = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp && !podTerminal(p));
        for (const dead of (byNode.get(node) ?? []).filter((p) => podTerminal(p) && !p.metadata.deletionTimestamp)) remove(ds, dead);
        if (live.length === 0 && !(byNode.get(node) ?? []).some((p) => p.metadata.deletionTimestamp)) {
          try {
            const created = store.create(PODS, daemonPod(ds, node), { fieldManager: DAEMONSET_COMPONENT });
            recorder.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, DAEMONSET_COMPONENT);
          } catch (err) {
            recorder.record(ds, "Warning", "FailedCreate", `Error creating: ${errorMessage(err)}`, DAEMONSET_COMPONENT);
            failed = true;
          }
        }
        for (const dup of live.slice(1)) remove(ds, dup);
      }
      for (const [node, list] of byNode) if (!wanted.has(node)) for (const p of list) if (!p.metadata.deletionTimestamp) remove(ds, p);

      // RollingUpdate with maxUnavailable 1: replace one outdated pod when all are ready
      if ((ds.spec.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate") {
        const current = (store.list(PODS, { namespace }).items as Json[]).filter((p) => isControlledBy(p, ds));
        const allReady = current.every((p) => isPodReady(p) && !p.metadata.deletionTimestamp);
        const outdated = current.find((p) => p.metadata.labels?.[GENERATION_LABEL] !== generation && !p.metadata.deletionTimestamp);
        if (allReady && outdated) remove(ds, outdated);
      }

      const fresh = store.get(DAEMON_SETS, namespace, name) as Json;
      if (!fresh) return;
      const live = (store.list(PODS, { namespace }).items as Json[]).filter((p) => isControlledBy(p, fresh) && !p.metadata.deletionTimestamp);
      const scheduled = live.filter((p) => wanted.has(targetNode(p) ?? ""));
      const available = scheduled.filter((p) => isPodAvailable(p, fresh.spec.minReadySeconds ?? 0, clock.now())).length;
      const status = {
        currentNumberScheduled: scheduled.length,
        desiredNumberScheduled: wanted.size,
        numberMisscheduled: live.length - scheduled.length,
        numberReady: scheduled.filter(isPodReady).length,
        observedGeneration: fresh.metadata.generation ?? 1,
        ...omitZero({
          updatedNumberScheduled: scheduled.filter((p) => p.metadata.labels?.[GENERATION_LABEL] === generation).length,
          numberAvailable: available,
          numberUnavailable: Math.max(0, wanted.size - available),
        }),
      };
      if (!deepEqual(status, fresh.status)) store.update(DAEMON_SETS, { ...fresh, status }, { subresource: "status", fieldManager: DAEMONSET_COMPONENT });
      return failed ? { retry: true } : undefined;
    }

    function remove(ds: Json, pod: Json): void {
      try {
        store.delete(PODS, pod.metadata.namespace, pod.metadata.name);
        recorder.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, DAEMONSET_COMPONENT);
      } catch {
        // already gone
      }
    }

    const queue = createWorkQueue({ name: DAEMONSET_COMPONENT, clock, logger: ctx.logger, reconcile });
    const all = () => {
      for (const ds of store.list(DAEMON_SETS).items) queue.enqueue(objectKey(ds));
    };
    const handles = [
      watchAll(store, DAEMON_SETS, (ev) => {
        if (ev.type !== "DELETED") queue.enqueue(objectKey(ev.object));
      }),
      watchAll(store, PODS, (ev) => {
        const ref = controllerRef(ev.object);
        if (ref?.kind === "DaemonSet") queue.enqueue(`${ev.object.metadata.namespace}/${ref.name}`);
      }),
      watchAll(store, NODES, () => all()),
      queue,
    ];
    return stopAll(handles);
  },
};

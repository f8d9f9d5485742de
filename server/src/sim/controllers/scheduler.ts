/**
 * A kube-scheduler for the simulated nodes: binds pending pods with no nodeName to a node that
 * passes the filters (cordon, taints, nodeSelector/required node affinity, requests vs allocatable,
 * bound PVCs), sets the PodScheduled condition and writes `Scheduled` / `FailedScheduling` events
 * with the real wording. Unschedulable pods are retried when nodes, pods or claims change, and
 * every 5 minutes anyway, like the scheduler's unschedulable-pods flush.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, readList, readOne, stopAll, watchAll } from "./controller.js";
import { NODES, PODS, PVCS } from "./gvr.js";
import { controllerRef, isoSeconds, type Json, objectKey, splitKey } from "./objects.js";
import { podRequests, podTerminal } from "./pod-util.js";
import { filterNode, fitErrorMessage, type NodeFailure, NO_NODES_MESSAGE, nodeScore } from "./scheduling.js";
import { createWorkQueue } from "./work-queue.js";

export const SCHEDULER_COMPONENT = "default-scheduler";
/** podMaxInUnschedulablePodsDuration: unschedulable pods are retried at least this often. */
export const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

export const scheduler: Controller = {
  name: SCHEDULER_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function isPending(pod: Json): boolean {
      return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? SCHEDULER_COMPONENT) === SCHEDULER_COMPONENT && !(pod.spec?.schedulingGates?.length);
    }

    /** PreFilter of VolumeBinding: every claim must exist and be bound (Immediate binding). */
    function volumePreFilter(pod: Json): string | undefined {
      for (const v of pod.spec?.volumes ?? []) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (!claim) continue;
        const pvc = store.get(PVCS, pod.metadata.namespace, claim) as Json;
        if (!pvc) return `persistentvolumeclaim "${claim}" not found`;
        if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${claim}" is being deleted`;
        if (pvc.status?.phase !== "Bound") return "pod has unbound immediate PersistentVolumeClaims";
      }
      return undefined;
    }

    function reconcile(key: string) {
      const { namespace, name } = splitKey(key);
      // read-only here: bind/fail write spread copies (10 000 pods: a deep copy per attempt was garbage)
      const pod = readOne(store, PODS, namespace, name) as Json;
      if (!pod || !isPending(pod)) return;
      const nodes = (readList(store, NODES) as Json[]).filter((n) => !n.metadata.deletionTimestamp);
      if (nodes.length === 0) return fail(pod, NO_NODES_MESSAGE);
      const preFilter = volumePreFilter(pod);
      if (preFilter) return fail(pod, fitErrorMessage(nodes.length, [], preFilter));

      const owner = controllerRef(pod)?.uid;
      const ownedPerNode = owner ? ownerCounts.get(owner) : undefined;
      const failures: NodeFailure[] = [];
      let best: { node: Json; score: number[] } | undefined;
      const requests = podRequests(pod); // the same for every node
      for (const node of nodes) {
        const used = usage.get(node.metadata.name);
        const failure = filterNode(pod, node, used, requests);
        if (failure) {
          failures.push(failure);
          continue;
        }
        const sameOwner = ownedPerNode?.get(node.metadata.name) ?? 0;
        const score = nodeScore(pod, node, used, sameOwner);
        if (!best || compareScores(score, best.score) < 0) best = { node, score };
      }
      if (!best) return fail(pod, fitErrorMessage(nodes.length, failures));
      bind(pod, best.node.metadata.name);
      return;
    }

    function compareScores(a: number[], b: number[]): number {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
      return 0;
    }

    function bind(pod: Json, nodeName: string): void {
      // the Binding subresource: nodeName plus PodScheduled=True in one step
      const bound = store.update(PODS, { ...pod, spec: { ...pod.spec, nodeName } } as KubeObject, { fieldManager: SCHEDULER_COMPONENT }) as Json;
      track(bound, false); // the watch does the same; this keeps the next bind right whatever the delivery order
      const conditions = (bound.status?.conditions ?? []).filter((c: Json) => c.type !== "PodScheduled");
      conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: isoSeconds(clock.now()) });
      store.update(PODS, { ...bound, status: { ...(bound.status ?? {}), conditions } } as KubeObject, { subresource: "status", fieldManager: SCHEDULER_COMPONENT });
      recorder.record(bound, "Normal", "Scheduled", `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, SCHEDULER_COMPONENT);
    }

    function fail(pod: Json, message: string) {
      recorder.record(pod, "Warning", "FailedScheduling", message, SCHEDULER_COMPONENT);
      const current = (pod.status?.conditions ?? []).find((c: Json) => c.type === "PodScheduled");
      if (!(current?.status === "False" && current.message === message)) {
        const conditions = (pod.status?.conditions ?? []).filter((c: Json) => c.type !== "PodScheduled");
        conditions.push({ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: isoSeconds(clock.now()), reason: "Unschedulable", message });
        store.update(PODS, { ...pod, status: { ...(pod.status ?? {}), phase: pod.status?.phase ?? "Pending", conditions } } as KubeObject, { subresource: "status", fieldManager: SCHEDULER_COMPONENT });
      }
      unschedulable.add(objectKey(pod));
      return { requeueAfterMs: UNSCHEDULABLE_RETRY_MS };
    }

    /**
     * What each pod adds to its node, kept from the pod watch: the requests and pod count of bound pods that
     * have not finished (the NodeResourcesFit view), and bound pods per controller (the spreading score). A bind
     * then costs O(nodes) instead of listing every pod in the cluster (10 000 pods: hours → seconds).
     */
    const contributions = new Map<string, { node: string; requests: Record<string, number> | undefined; owner: string | undefined }>();
    const usage = new Map<string, { requests: Record<string, number>; pods: number }>();
    const ownerCounts = new Map<string, Map<string, number>>();

    function applyContribution(c: { node: string; requests: Record<string, number> | undefined; owner: string | undefined }, sign: 1 | -1): void {
      if (c.requests) {
        let u = usage.get(c.node);
        if (!u) usage.set(c.node, (u = { requests: {}, pods: 0 }));
        u.pods += sign;
        for (const [k, v] of Object.entries(c.requests)) u.requests[k] = (u.requests[k] ?? 0) + sign * v;
        if (u.pods === 0) usage.delete(c.node);
      }
      if (c.owner) {
        let perNode = ownerCounts.get(c.owner);
        if (!perNode) ownerCounts.set(c.owner, (perNode = new Map()));
        const n = (perNode.get(c.node) ?? 0) + sign;
        if (n === 0) perNode.delete(c.node);
        else perNode.set(c.node, n);
        if (perNode.size === 0) ownerCounts.delete(c.owner);
      }
    }

    function track(pod: Json, removed: boolean): void {
      const key = objectKey(pod);
      const old = contributions.get(key);
      if (old) applyContribution(old, -1);
      const node: string | undefined = pod.spec?.nodeName;
      if (removed || !node) {
        contributions.delete(key);
        return;
      }
      const c = { node, requests: podTerminal(pod) ? undefined : podRequests(pod), owner: controllerRef(pod)?.uid as string | undefined };
      contributions.set(key, c);
      applyContribution(c, 1);
    }

    /** Pods that failed to schedule; a cluster change moves them back to the active queue. */
    const unschedulable = new Set<string>();
    const retryUnschedulable = () => {
      for (const key of unschedulable) queue.enqueue(key);
      unschedulable.clear();
    };

    const queue = createWorkQueue({ name: SCHEDULER_COMPONENT, clock, logger: ctx.logger, reconcile });
    const handles = [
      watchAll(store, PODS, (ev) => {
        const pod = ev.object as Json;
        track(pod, ev.type === "DELETED");
        if (ev.type === "DELETED" || (pod.spec?.nodeName && pod.metadata.deletionTimestamp)) {
          unschedulable.delete(objectKey(pod));
          if (pod.spec?.nodeName) retryUnschedulable();
          return;
        }
        if (isPending(pod) && ev.type === "ADDED") queue.enqueue(objectKey(pod));
      }),
      watchAll(store, NODES, () => retryUnschedulable()),
      watchAll(store, PVCS, (ev) => {
        if (ev.type !== "DELETED" && (ev.object as Json).status?.phase === "Bound") retryUnschedulable();
      }),
      queue,
    ];
    return stopAll(handles);
  },
};

/**
 * Deployment controller, a port of upstream pkg/controller/deployment: finds or creates the new
 * ReplicaSet for the current template (revision max+1, reusing an old one on rollback), rolls out by
 * RollingUpdate (maxSurge/maxUnavailable) or Recreate, scales proportionally, cleans up history,
 * and keeps status and the Available/Progressing conditions, including ProgressDeadlineExceeded
 * on a clock timer. All writes go through the store; the watch events it causes drive the next step.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import {
  availableSum,
  calculateStatus,
  computeTemplateHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  DESIRED_REPLICAS_ANNOTATION,
  DEFAULT_REVISION_HISTORY_LIMIT,
  equalIgnoreHash,
  getCondition,
  isRollingUpdate,
  maxRevision,
  maxSurgeOf,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  progressDeadlineSeconds,
  proportion,
  Reason,
  removeCondition,
  replicasOf,
  resolveFenceposts,
  revisionOf,
  rsByCreation,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicasSum,
  REVISION_ANNOTATION,
} from "./deployment-util.js";
import { DEPLOYMENTS, PODS, REPLICA_SETS } from "./gvr.js";
import { selectorMatches } from "./label-selector.js";
import { clone, controllerRef, deepEqual, errorMessage, isControlledBy, type Json, objectKey, ownerRefTo, splitKey, statusCode } from "./objects.js";
import { podTerminal } from "./pod-util.js";
import { createWorkQueue, type ReconcileResult } from "./work-queue.js";

export const DEPLOYMENT_COMPONENT = "deployment-controller";
/** Upstream requeues a stuck rollout one second after its deadline would pass. */
const DEADLINE_RECHECK_SLACK_MS = 1000;

class RetryLater extends Error {}

export const deploymentController: Controller = {
  name: DEPLOYMENT_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function reconcile(key: string): ReconcileResult {
      const { namespace, name } = splitKey(key);
      const stored = store.get(DEPLOYMENTS, namespace, name) as Json;
      if (!stored) return;
      const d = clone(stored);
      d.status ??= {};
      const all = store.list(REPLICA_SETS, { namespace }).items as Json[];
      const rsList = all.filter((rs) => isControlledBy(rs, d));
      if (!d.metadata.deletionTimestamp) rsList.push(...adoptOrphans(d, all));
      let requeueAfterMs: number | undefined;
      let retry = false;
      try {
        if (d.metadata.deletionTimestamp) {
          syncStatusOnly(d, rsList);
        } else {
          checkPausedConditions(d);
          if (d.spec?.paused || isScalingEvent(d, rsList)) sync(d, rsList);
          else if (!isRollingUpdate(d)) requeueAfterMs = rolloutRecreate(d, rsList, namespace!);
          else requeueAfterMs = rolloutRolling(d, rsList);
        }
      } catch (err) {
        if (!(err instanceof RetryLater)) throw err;
        retry = true;
      }
      save(stored, d);
      return { requeueAfterMs, retry };
    }

    /** ReplicaSets matching the selector with no controller (e.g. after `delete --cascade=orphan`) become ours. */
    function adoptOrphans(d: Json, all: Json[]): Json[] {
      const adopted: Json[] = [];
      for (const rs of all) {
        if (controllerRef(rs) || rs.metadata.deletionTimestamp) continue;
        if (!selectorMatches(d.spec?.selector, rs.metadata.labels)) continue;
        try {
          adopted.push(store.update(REPLICA_SETS, { ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), ownerRefTo(d)] } }, { fieldManager: DEPLOYMENT_COMPONENT }));
        } catch {
          // a racing writer wins; the next sync retries
        }
      }
      return adopted;
    }

    /** Writes annotation changes (normal update) and status changes (status subresource). */
    function save(stored: Json, d: Json): void {
      let base = stored;
      if (!deepEqual(stored.metadata.annotations ?? {}, d.metadata.annotations ?? {})) {
        base = store.update(DEPLOYMENTS, { ...stored, metadata: { ...stored.metadata, annotations: d.metadata.annotations } }, { fieldManager: DEPLOYMENT_COMPONENT });
      }
      if (!deepEqual(stored.status ?? {}, d.status ?? {})) {
        store.update(DEPLOYMENTS, { ...base, status: d.status }, { subresource: "status", fieldManager: DEPLOYMENT_COMPONENT });
      }
    }

    // ---- new / old ReplicaSets --------------------------------------------------------------

    function findNewRS(d: Json, rsList: Json[]): Json | undefined {
      const sorted = [...rsList].sort(rsByCreation);
      const byTemplate = sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
      if (byTemplate) return byTemplate;
      // The API layer may default a ReplicaSet's template differently; its name still carries the hash.
      const hashName = `${d.metadata.name}-${computeTemplateHash(d.spec?.template, d.status?.collisionCount)}`;
      return sorted.find((rs) => rs.metadata.name === hashName);
    }

    function getAllReplicaSetsAndSyncRevision(d: Json, rsList: Json[], create: boolean): { newRS: Json | undefined; oldRSs: Json[] } {
      const existing = findNewRS(d, rsList);
      const oldRSs = rsList.filter((rs) => rs !== existing);
      const newRevision = maxRevision(oldRSs) + 1;
      if (existing) {
        const rsCopy = clone(existing);
        const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
        const minReadyUpdated = (rsCopy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
        let newRS = existing;
        if (annotationsUpdated || minReadyUpdated) {
          rsCopy.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
          newRS = store.update(REPLICA_SETS, rsCopy, { fieldManager: DEPLOYMENT_COMPONENT });
          rsList[rsList.indexOf(existing)] = newRS;
        }
        setDeploymentRevision(d, newRS.metadata.annotations?.[REVISION_ANNOTATION]);
        if (progressDeadlineSeconds(d) !== undefined && !getCondition(d.status, "Progressing")) {
          setCondition(d.status, newCondition("Progressing", "True", Reason.FoundNewRS, `Found new replica set "${newRS.metadata.name}"`, clock.now()));
        }
        return { newRS, oldRSs };
      }
      if (!create) return { newRS: undefined, oldRSs };

      const template = clone(d.spec?.template ?? {});
      const hash = computeTemplateHash(d.spec?.template, d.status?.collisionCount);
      template.metadata ??= {};
      template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
      const selector = clone(d.spec?.selector ?? {});
      selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
      const rs: Json = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...template.metadata.labels },
          ownerReferences: [ownerRefTo(d)],
        },
        spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
      };
      const count = newRSNewReplicas(d, [...oldRSs, rs], rs);
      rs.spec.replicas = count;
      setNewReplicaSetAnnotations(d, rs, newRevision, false);

      let created: Json;
      let alreadyExists = false;
      try {
        created = store.create(REPLICA_SETS, rs as KubeObject, { fieldManager: DEPLOYMENT_COMPONENT });
      } catch (err) {
        if (statusCode(err) === 409) {
          const other = store.get(REPLICA_SETS, d.metadata.namespace, rs.metadata.name) as Json;
          if (other && isControlledBy(other, d) && equalIgnoreHash(other.spec?.template, d.spec?.template)) {
            created = other;
            alreadyExists = true;
          } else {
            // A hash collision: bump collisionCount so the next attempt hashes differently.
            d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
            throw new RetryLater();
          }
        } else {
          const msg = `Failed to create new replica set "${rs.metadata.name}": ${errorMessage(err)}`;
          if (progressDeadlineSeconds(d) !== undefined) {
            setCondition(d.status, newCondition("Progressing", "False", "ReplicaSetCreateError", msg, clock.now()));
          }
          recorder.record(d, "Warning", "ReplicaSetCreateError", msg, DEPLOYMENT_COMPONENT);
          throw new RetryLater();
        }
      }
      rsList.push(created);
      if (!alreadyExists && count > 0) {
        recorder.record(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${count}`, DEPLOYMENT_COMPONENT);
      }
      setDeploymentRevision(d, String(newRevision));
      if (!alreadyExists && progressDeadlineSeconds(d) !== undefined) {
        setCondition(d.status, newCondition("Progressing", "True", Reason.NewRSCreated, `Created new replica set "${created.metadata.name}"`, clock.now()));
      }
      return { newRS: created, oldRSs };
    }

    function setDeploymentRevision(d: Json, revision: string | undefined): void {
      if (!revision) return;
      d.metadata.annotations ??= {};
      if (d.metadata.annotations[REVISION_ANNOTATION] !== revision) d.metadata.annotations[REVISION_ANNOTATION] = revision;
    }

    // ---- scaling ------------------------------------------------------------------------------

    /** Scales one ReplicaSet (and refreshes its desired/max annotations); returns the stored copy. */
    function scaleRS(rs: Json, newScale: number, d: Json, rsList: Json[]): Json {
      const oldScale = replicasOf(rs);
      const copy = clone(rs);
      const annotationsChanged = setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurgeOf(d));
      if (oldScale === newScale && !annotationsChanged) return rs;
      copy.spec.replicas = newScale;
      const updated = store.update(REPLICA_SETS, copy, { fieldManager: DEPLOYMENT_COMPONENT });
      const i = rsList.indexOf(rs);
      if (i >= 0) rsList[i] = updated;
      if (oldScale !== newScale) {
        const op = oldScale > newScale ? "down" : "up";
        recorder.record(d, "Normal", "ScalingReplicaSet", `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`, DEPLOYMENT_COMPONENT);
      }
      return updated;
    }

    function isScalingEvent(d: Json, rsList: Json[]): boolean {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
      for (const rs of [...oldRSs, newRS].filter((r) => r && replicasOf(r) > 0)) {
        const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
        if (desired !== undefined && Number(desired) !== replicasOf(d)) return true;
      }
      return false;
    }

    /** dc.scale: one active ReplicaSet takes the whole size; several share a change proportionally. */
    function scale(d: Json, newRS: Json | undefined, oldRSs: Json[], rsList: Json[]): void {
      const active = [newRS, ...oldRSs].filter((rs) => rs && replicasOf(rs) > 0) as Json[];
      let target: Json | undefined;
      if (active.length === 0) target = newRS ?? [...oldRSs].sort(rsByCreation).at(-1);
      else if (active.length === 1) target = active[0];
      if (target) {
        if (replicasOf(target) !== replicasOf(d)) scaleRS(target, replicasOf(d), d, rsList);
        return;
      }
      if (newRS && isSaturated(d, newRS)) {
        for (const old of oldRSs.filter((rs) => replicasOf(rs) > 0)) scaleRS(old, 0, d, rsList);
        return;
      }
      if (!isRollingUpdate(d)) return;
      const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurgeOf(d) : 0;
      const toAdd = allowed - specReplicasSum(active);
      if (toAdd === 0) return;
      const bySize = (a: Json, b: Json) => {
        const diff = replicasOf(b) - replicasOf(a);
        if (diff !== 0) return diff;
        return toAdd > 0 ? rsByCreation(b, a) : rsByCreation(a, b);
      };
      const sorted = [...active].sort(bySize);
      const sizes = new Map<Json, number>();
      let added = 0;
      for (const rs of sorted) {
        const p = proportion(rs, d, toAdd, added);
        sizes.set(rs, replicasOf(rs) + p);
        added += p;
      }
      const leftover = toAdd - added;
      if (sorted[0]) sizes.set(sorted[0], Math.max(0, (sizes.get(sorted[0]) ?? 0) + leftover));
      for (const rs of sorted) scaleRS(rs, sizes.get(rs)!, d, rsList);
    }

    function isSaturated(d: Json, rs: Json): boolean {
      const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
      return replicasOf(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
    }

    function sync(d: Json, rsList: Json[]): void {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
      scale(d, newRS, oldRSs, rsList);
      if (d.spec?.paused) cleanup(d, oldRSs.map((rs) => rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs));
      const { newRS: n2, oldRSs: o2 } = currentSets(d, rsList, newRS);
      syncDeploymentStatus(d, [...o2, ...(n2 ? [n2] : [])], n2);
    }

    function syncStatusOnly(d: Json, rsList: Json[]): void {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
      syncDeploymentStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    }

    function syncDeploymentStatus(d: Json, allRSs: Json[], newRS: Json | undefined): void {
      d.status = calculateStatus(d, allRSs, newRS, clock.now());
    }

    /** Re-reads new/old from the (possibly updated) list after scaling. */
    function currentSets(d: Json, rsList: Json[], newRS: Json | undefined): { newRS: Json | undefined; oldRSs: Json[] } {
      const n = newRS ? rsList.find((r) => r.metadata.uid === newRS.metadata.uid) ?? newRS : undefined;
      return { newRS: n, oldRSs: rsList.filter((r) => r !== n) };
    }

    function checkPausedConditions(d: Json): void {
      if (progressDeadlineSeconds(d) === undefined) return;
      const cond = getCondition(d.status, "Progressing");
      if (cond?.reason === Reason.TimedOut) return;
      const pausedExists = cond?.reason === Reason.Paused;
      if (d.spec?.paused && !pausedExists) {
        setCondition(d.status, newCondition("Progressing", "Unknown", Reason.Paused, "Deployment is paused", clock.now()));
      } else if (!d.spec?.paused && pausedExists) {
        setCondition(d.status, newCondition("Progressing", "Unknown", Reason.Resumed, "Deployment is resumed", clock.now()));
      }
    }

    // ---- strategies ---------------------------------------------------------------------------

    function rolloutRolling(d: Json, rsList: Json[]): number | undefined {
      const sets = getAllReplicaSetsAndSyncRevision(d, rsList, true);
      let newRS = sets.newRS!;
      let oldRSs = sets.oldRSs;
      // reconcileNewReplicaSet
      if (replicasOf(newRS) !== replicasOf(d)) {
        const target = replicasOf(newRS) > replicasOf(d) ? replicasOf(d) : newRSNewReplicas(d, [...oldRSs, newRS], newRS);
        if (target !== replicasOf(newRS)) {
          scaleRS(newRS, target, d, rsList);
          ({ newRS, oldRSs } = currentSets(d, rsList, newRS) as { newRS: Json; oldRSs: Json[] });
          return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
        }
      }
      if (reconcileOldReplicaSets(d, oldRSs, newRS, rsList)) {
        ({ newRS, oldRSs } = currentSets(d, rsList, newRS) as { newRS: Json; oldRSs: Json[] });
        return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
      }
      if (deploymentComplete(d, d.status)) cleanup(d, oldRSs);
      return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
    }

    function reconcileOldReplicaSets(d: Json, oldRSs: Json[], newRS: Json, rsList: Json[]): boolean {
      const oldPods = specReplicasSum(oldRSs);
      if (oldPods === 0) return false;
      const allPods = specReplicasSum([...oldRSs, newRS]);
      const { maxUnavailable } = resolveFenceposts(d);
      const minAvailable = replicasOf(d) - maxUnavailable;
      const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
      const maxScaledDown = allPods - minAvailable - newUnavailable;
      if (maxScaledDown <= 0) return false;

      // cleanupUnhealthyReplicas: unavailable old pods go first, oldest ReplicaSet first.
      let cleaned = 0;
      for (const rs of [...oldRSs].sort(rsByCreation)) {
        if (cleaned >= maxScaledDown) break;
        const available = rs.status?.availableReplicas ?? 0;
        if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
        const down = Math.min(maxScaledDown - cleaned, replicasOf(rs) - available);
        scaleRS(rs, replicasOf(rs) - down, d, rsList);
        cleaned += down;
      }
      // scaleDownOldReplicaSetsForRollingUpdate: keep at least minAvailable available pods.
      const { oldRSs: olds, newRS: fresh } = currentSets(d, rsList, newRS);
      const availablePods = availableSum([...olds, fresh]);
      let scaled = 0;
      if (availablePods > minAvailable) {
        const total = availablePods - minAvailable;
        for (const rs of [...olds].sort(rsByCreation)) {
          if (scaled >= total) break;
          if (replicasOf(rs) === 0) continue;
          const down = Math.min(replicasOf(rs), total - scaled);
          scaleRS(rs, replicasOf(rs) - down, d, rsList);
          scaled += down;
        }
      }
      return cleaned + scaled > 0;
    }

    function rolloutRecreate(d: Json, rsList: Json[], namespace: string): number | undefined {
      let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, false);
      const activeOld = oldRSs.filter((rs) => replicasOf(rs) > 0);
      if (activeOld.length > 0) {
        for (const rs of activeOld) scaleRS(rs, 0, d, rsList);
        ({ newRS, oldRSs } = currentSets(d, rsList, newRS));
        return syncRolloutStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      }
      if (oldPodsRunning(d, newRS, oldRSs, namespace)) return syncRolloutStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(d, rsList, true));
      if (newRS && replicasOf(newRS) !== replicasOf(d)) scaleRS(newRS, replicasOf(d), d, rsList);
      ({ newRS, oldRSs } = currentSets(d, rsList, newRS));
      if (deploymentComplete(d, d.status)) cleanup(d, oldRSs);
      return syncRolloutStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    }

    function oldPodsRunning(d: Json, newRS: Json | undefined, oldRSs: Json[], namespace: string): boolean {
      if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
      const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid));
      return store
        .list(PODS, { namespace })
        .items.some((p) => {
          const ref = controllerRef(p);
          return ref && oldUids.has(ref.uid) && ref.uid !== newRS?.metadata.uid && !podTerminal(p);
        });
    }

    /** revisionHistoryLimit: delete the oldest fully scaled-down ReplicaSets beyond the limit. */
    function cleanup(d: Json, oldRSs: Json[]): void {
      const limit = d.spec?.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
      const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
      const diff = alive.length - limit;
      if (diff <= 0) return;
      const byRevision = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || rsByCreation(a, b));
      for (const rs of byRevision.slice(0, diff)) {
        if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
        if ((rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
        try {
          store.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name);
        } catch (err) {
          if (statusCode(err) !== 404) throw err;
        }
      }
    }

    /** syncRolloutStatus: status plus the Progressing condition; returns when to re-check the deadline. */
    function syncRolloutStatus(d: Json, allRSs: Json[], newRS: Json | undefined): number | undefined {
      const now = clock.now();
      const newStatus = calculateStatus(d, allRSs, newRS, now);
      const deadline = progressDeadlineSeconds(d);
      if (deadline === undefined) removeCondition(newStatus, "Progressing");
      const currentCond = getCondition(d.status, "Progressing");
      const isComplete = newStatus.replicas === newStatus.updatedReplicas && currentCond?.reason === Reason.NewRSAvailable;
      if (deadline !== undefined && !isComplete) {
        const rsName = newRS?.metadata.name ?? "";
        if (deploymentComplete(d, newStatus)) {
          setCondition(newStatus, newCondition("Progressing", "True", Reason.NewRSAvailable, `ReplicaSet "${rsName}" has successfully progressed.`, now));
        } else if (deploymentProgressing(d, newStatus)) {
          const cond = newCondition("Progressing", "True", Reason.RSUpdated, `ReplicaSet "${rsName}" is progressing.`, now);
          if (currentCond) {
            if (currentCond.status === "True") cond.lastTransitionTime = currentCond.lastTransitionTime;
            removeCondition(newStatus, "Progressing");
          }
          setCondition(newStatus, cond);
        } else if (deploymentTimedOut(d, newStatus, now)) {
          setCondition(newStatus, newCondition("Progressing", "False", Reason.TimedOut, `ReplicaSet "${rsName}" has timed out progressing.`, now));
        }
      }
      const failure = replicaFailure(allRSs, newRS);
      if (failure) setCondition(newStatus, failure);
      else removeCondition(newStatus, "ReplicaFailure");
      d.status = newStatus;

      // requeueStuckDeployment
      const cond = getCondition(newStatus, "Progressing");
      if (deadline === undefined || !cond || deploymentComplete(d, newStatus) || cond.reason === Reason.TimedOut) return undefined;
      if (cond.reason === Reason.NewRSAvailable || cond.status === "Unknown") return undefined;
      const after = Date.parse(cond.lastUpdateTime) + deadline * 1000 - now;
      return Math.max(0, after) + DEADLINE_RECHECK_SLACK_MS;
    }

    function replicaFailure(allRSs: Json[], newRS: Json | undefined): Json | undefined {
      const toDeployment = (c: Json) => ({
        type: "ReplicaFailure",
        status: c.status,
        lastUpdateTime: c.lastTransitionTime,
        lastTransitionTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      });
      const fromNew = (newRS?.status?.conditions ?? []).find((c: Json) => c.type === "ReplicaFailure");
      if (fromNew) return toDeployment(fromNew);
      for (const rs of allRSs) {
        const c = (rs?.status?.conditions ?? []).find((x: Json) => x.type === "ReplicaFailure");
        if (c) return toDeployment(c);
      }
      return undefined;
    }

    // ---- wiring -------------------------------------------------------------------------------

    const queue = createWorkQueue({ name: DEPLOYMENT_COMPONENT, clock, logger: ctx.logger, reconcile });
    const enqueueOwner = (obj: KubeObject, kind: string) => {
      const ref = controllerRef(obj);
      if (ref?.kind === kind) queue.enqueue(`${obj.metadata.namespace}/${ref.name}`);
      return ref;
    };
    const handles = [
      watchAll(store, DEPLOYMENTS, (ev) => {
        if (ev.type !== "DELETED") queue.enqueue(objectKey(ev.object));
      }),
      watchAll(store, REPLICA_SETS, (ev) => {
        if (enqueueOwner(ev.object, "Deployment") || ev.type === "DELETED") return;
        // an orphan: any Deployment whose selector matches may adopt it
        for (const d of store.list(DEPLOYMENTS, { namespace: ev.object.metadata.namespace }).items as Json[]) {
          if (selectorMatches(d.spec?.selector, ev.object.metadata.labels)) queue.enqueue(objectKey(d));
        }
      }),
      // Recreate waits for old pods to be gone, so pod deletions matter.
      watchAll(store, PODS, (ev) => {
        if (ev.type !== "DELETED") return;
        const ref = controllerRef(ev.object);
        if (ref?.kind !== "ReplicaSet") return;
        const rs = store.get(REPLICA_SETS, ev.object.metadata.namespace, ref.name);
        if (rs) enqueueOwner(rs, "Deployment");
      }),
      queue,
    ];
    return stopAll(handles);
  },
};

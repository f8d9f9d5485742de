/**
 * PersistentVolume controller + a local-path style provisioner: binds a Pending claim to the
 * smallest matching Available volume, or provisions `pvc-<uid>` for a claim whose StorageClass
 * exists; reports `ProvisioningFailed` for an unknown class and `FailedBinding` when there is
 * neither a volume nor a class. A deleted claim's volume is deleted (Delete) or Released (Retain).
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { PVCS, PVS, STORAGE_CLASSES } from "./gvr.js";
import { selectorMatches } from "./label-selector.js";
import { type Json, objectKey, splitKey, statusCode } from "./objects.js";
import { parseMilli } from "./quantity.js";
import { createWorkQueue } from "./work-queue.js";

export const PV_COMPONENT = "persistentvolume-controller";
/** The simulated external provisioner's event source, shaped like local-path-provisioner's. */
export const LOCAL_PATH_SOURCE = "rancher.io/local-path_local-path-provisioner-7c8f6d6b4b-x2l9q_5f1c3e2a-8b7d-4c6e-9a0f-1d2e3f4a5b6c";
const LOCAL_PATH_ROOT = "/opt/local-path-provisioner";
/** The PV controller's resync period: unbound claims are retried (and their events repeated) this often. */
export const PV_RESYNC_MS = 15_000;
const RECLAIM_PREFIX = "reclaim:";

function claimClass(pvc: Json): string {
  return pvc.spec?.storageClassName ?? "";
}

/** Does this Available volume satisfy the claim? (capacity, access modes, class, mode, selector) */
export function volumeMatches(pv: Json, pvc: Json): boolean {
  if (pv.metadata.deletionTimestamp) return false;
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) return false;
  if (!ref && (pv.status?.phase ?? "Available") !== "Available") return false;
  if ((pv.spec?.storageClassName ?? "") !== claimClass(pvc)) return false;
  if ((pv.spec?.volumeMode ?? "Filesystem") !== (pvc.spec?.volumeMode ?? "Filesystem")) return false;
  const want = parseMilli(pvc.spec?.resources?.requests?.storage ?? "0");
  if (parseMilli(pv.spec?.capacity?.storage ?? "0") < want) return false;
  const modes: string[] = pv.spec?.accessModes ?? [];
  if (!(pvc.spec?.accessModes ?? []).every((m: string) => modes.includes(m))) return false;
  if (pvc.spec?.selector && !selectorMatches(pvc.spec.selector, pv.metadata.labels)) return false;
  if (pvc.spec?.volumeName && pvc.spec.volumeName !== pv.metadata.name) return false;
  return true;
}

export const persistentVolumeController: Controller = {
  name: PV_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock, recorder } = ctx;

    function reconcile(key: string) {
      if (key.startsWith(RECLAIM_PREFIX)) return reclaim(key.slice(RECLAIM_PREFIX.length));
      const { namespace, name } = splitKey(key);
      const pvc = store.get(PVCS, namespace, name) as Json;
      if (!pvc || pvc.metadata.deletionTimestamp) return;
      if (pvc.status?.phase === "Bound") return;
      const pvs = store.list(PVS).items as Json[];
      // pre-bound (claimRef or volumeName) first, then the smallest that fits
      const candidates = pvs.filter((pv) => volumeMatches(pv, pvc));
      candidates.sort((a, b) => {
        const pa = a.spec?.claimRef ? 0 : 1;
        const pb = b.spec?.claimRef ? 0 : 1;
        return pa - pb || parseMilli(a.spec.capacity.storage) - parseMilli(b.spec.capacity.storage) || (a.metadata.name < b.metadata.name ? -1 : 1);
      });
      if (candidates[0]) return bind(pvc, candidates[0]);
      const cls = claimClass(pvc);
      if (!cls) {
        recorder.record(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", PV_COMPONENT);
        return { requeueAfterMs: PV_RESYNC_MS };
      }
      const sc = store.get(STORAGE_CLASSES, undefined, cls) as Json;
      if (!sc) {
        recorder.record(pvc, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${cls}" not found`, PV_COMPONENT);
        return { requeueAfterMs: PV_RESYNC_MS };
      }
      provision(pvc, sc);
      return;
    }

    function bind(pvc: Json, pv: Json): void {
      const boundPv = store.update(
        PVS,
        {
          ...pv,
          spec: {
            ...pv.spec,
            claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
          },
        } as KubeObject,
        { fieldManager: PV_COMPONENT },
      ) as Json;
      store.update(PVS, { ...boundPv, status: { ...(boundPv.status ?? {}), phase: "Bound" } } as KubeObject, { subresource: "status", fieldManager: PV_COMPONENT });
      const annotations = { ...(pvc.metadata.annotations ?? {}), "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
      const claim = store.update(PVCS, { ...pvc, metadata: { ...pvc.metadata, annotations }, spec: { ...pvc.spec, volumeName: pv.metadata.name } } as KubeObject, { fieldManager: PV_COMPONENT }) as Json;
      store.update(
        PVCS,
        { ...claim, status: { ...(claim.status ?? {}), phase: "Bound", accessModes: pv.spec.accessModes, capacity: pv.spec.capacity } } as KubeObject,
        { subresource: "status", fieldManager: PV_COMPONENT },
      );
    }

    function provision(pvc: Json, sc: Json): void {
      const provisioner: string = sc.provisioner;
      const annotations = {
        ...(pvc.metadata.annotations ?? {}),
        "volume.beta.kubernetes.io/storage-provisioner": provisioner,
        "volume.kubernetes.io/storage-provisioner": provisioner,
      };
      const claim = store.update(PVCS, { ...pvc, metadata: { ...pvc.metadata, annotations } } as KubeObject, { fieldManager: PV_COMPONENT }) as Json;
      recorder.record(
        claim,
        "Normal",
        "ExternalProvisioning",
        `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
        PV_COMPONENT,
      );
      const ns = claim.metadata.namespace;
      recorder.record(claim, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${ns}/${claim.metadata.name}"`, LOCAL_PATH_SOURCE);
      const pvName = `pvc-${claim.metadata.uid}`;
      let pv = store.get(PVS, undefined, pvName) as Json;
      if (!pv) {
        pv = store.create(
          PVS,
          {
            apiVersion: "v1",
            kind: "PersistentVolume",
            metadata: { name: pvName, annotations: { "pv.kubernetes.io/provisioned-by": provisioner } },
            spec: {
              accessModes: claim.spec?.accessModes ?? ["ReadWriteOnce"],
              capacity: { storage: claim.spec?.resources?.requests?.storage ?? "1Gi" },
              claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: claim.metadata.name, namespace: ns, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid },
              hostPath: { path: `${LOCAL_PATH_ROOT}/${pvName}_${ns}_${claim.metadata.name}`, type: "DirectoryOrCreate" },
              persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
              storageClassName: sc.metadata.name,
              volumeMode: claim.spec?.volumeMode ?? "Filesystem",
            },
          } as KubeObject,
          { fieldManager: PV_COMPONENT },
        ) as Json;
        recorder.record(claim, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${pvName}`, LOCAL_PATH_SOURCE);
      }
      bind(claim, pv);
    }

    /** A claim went away: reclaim its volume per persistentVolumeReclaimPolicy. */
    function reclaim(claimUid: string): void {
      for (const pv of store.list(PVS).items as Json[]) {
        const ref = pv.spec?.claimRef;
        if (!ref || ref.uid !== claimUid) continue;
        try {
          if ((pv.spec?.persistentVolumeReclaimPolicy ?? "Retain") === "Delete") store.delete(PVS, undefined, pv.metadata.name);
          else store.update(PVS, { ...pv, status: { ...(pv.status ?? {}), phase: "Released" } } as KubeObject, { subresource: "status", fieldManager: PV_COMPONENT });
        } catch (err) {
          if (statusCode(err) !== 404) throw err;
        }
      }
    }

    const queue = createWorkQueue({ name: PV_COMPONENT, clock, logger: ctx.logger, reconcile });
    const pendingClaims = () => {
      for (const pvc of store.list(PVCS).items as Json[]) if (pvc.status?.phase !== "Bound") queue.enqueue(objectKey(pvc));
    };
    const handles = [
      watchAll(store, PVCS, (ev) => {
        if (ev.type === "DELETED") queue.enqueue(`${RECLAIM_PREFIX}${ev.object.metadata.uid}`);
        else if (ev.type === "ADDED" || (ev.object as Json).spec?.volumeName === undefined) queue.enqueue(objectKey(ev.object));
      }),
      watchAll(store, PVS, (ev) => {
        if (ev.type === "ADDED") pendingClaims();
      }),
      watchAll(store, STORAGE_CLASSES, (ev) => {
        if (ev.type === "ADDED") pendingClaims();
      }),
      queue,
    ];
    return stopAll(handles);
  },
};

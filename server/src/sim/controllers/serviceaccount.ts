/**
 * ServiceAccount controller: every active namespace has a `default` ServiceAccount, recreated if
 * deleted. Also publishes `kube-root-ca.crt` like the root-ca-cert-publisher, since every real
 * namespace lists it. And the ServiceAccount admission plugin's token volume: every new pod gets the
 * projected `kube-api-access-<5>` volume mounted read-only in each container, as `kubectl describe pod`
 * shows on a real cluster (Mounts / Volumes).
 */
import { KUBE_NAME_ALPHABET, randomString, seededRandom } from "../../core/index.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { CONFIG_MAPS, NAMESPACES, SERVICE_ACCOUNTS } from "./gvr.js";
import { type Json, statusCode } from "./objects.js";
import { createWorkQueue } from "./work-queue.js";

export const SERVICEACCOUNT_COMPONENT = "serviceaccount-controller";
export const DEFAULT_SERVICE_ACCOUNT = "default";
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
/** A placeholder CA: the sim has no cluster PKI, but the ConfigMap's shape matches a real one. */
export const SIM_ROOT_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\ndmVyLWNhQGZpcmVkcmlsbDAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBa\n-----END CERTIFICATE-----\n";

/** Where the ServiceAccount admission plugin mounts the token (DefaultAPITokenMountPath). */
export const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
/** The projected token's requested lifetime: one hour plus upstream's 7 s of skew. */
export const SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS = 3607;
/** Volume names are this prefix plus a generated 5-character suffix. */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = "kube-api-access-";
/** ProjectedVolumeSourceDefaultMode (0644). */
const PROJECTED_DEFAULT_MODE = 420;
const TOKEN_VOLUME_SUFFIX_LENGTH = 5;

/** TokenVolumeSource: the token, the cluster CA and the namespace, as upstream projects them. */
function tokenVolumeSource(): Json {
  return {
    defaultMode: PROJECTED_DEFAULT_MODE,
    sources: [
      { serviceAccountToken: { expirationSeconds: SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS, path: "token" } },
      { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  };
}

/**
 * The ServiceAccount admission plugin's mountServiceAccountToken (pure): unless the pod or its ServiceAccount
 * opts out, every init and app container without a mount at the token path gets one, and the pod gets the
 * projected volume (reusing an existing `kube-api-access-*` volume). `volumeName` is used for a new volume.
 */
export function mountServiceAccountToken(pod: Json, serviceAccount: Json | undefined, volumeName: string): void {
  const spec = pod.spec;
  if (!spec) return;
  const automount = spec.automountServiceAccountToken ?? serviceAccount?.automountServiceAccountToken ?? true;
  if (!automount) return;
  const existing = (spec.volumes ?? []).find((v: Json) => typeof v.name === "string" && v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const name: string = existing?.name ?? volumeName;
  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
    if ((c.volumeMounts ?? []).some((m: Json) => m.mountPath === SERVICE_ACCOUNT_TOKEN_MOUNT_PATH)) continue;
    (c.volumeMounts ??= []).push({ name, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH });
    needsVolume = true;
  }
  if (!existing && needsVolume) (spec.volumes ??= []).push({ name, projected: tokenVolumeSource() });
}

export const serviceAccountController: Controller = {
  name: SERVICEACCOUNT_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
    // The admission half (pods only, on create). Seeded: the same pods get the same volume names in every run.
    let stopped = false;
    const random = seededRandom(SERVICEACCOUNT_COMPONENT);
    store.addAdmissionHook((op, gvr, obj) => {
      if (stopped || op !== "CREATE" || gvr.group !== "" || gvr.resource !== "pods") return;
      const pod = obj as Json;
      const serviceAccount = store.get(SERVICE_ACCOUNTS, pod.metadata.namespace, pod.spec?.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT);
      mountServiceAccountToken(pod, serviceAccount, SERVICE_ACCOUNT_VOLUME_PREFIX + randomString(TOKEN_VOLUME_SUFFIX_LENGTH, KUBE_NAME_ALPHABET, random));
    });
    const ensure = (gvr: typeof SERVICE_ACCOUNTS, obj: Parameters<typeof store.create>[1]) => {
      if (store.get(gvr, obj.metadata.namespace, obj.metadata.name)) return;
      try {
        store.create(gvr, obj, { fieldManager: SERVICEACCOUNT_COMPONENT });
      } catch (err) {
        // 403 while the namespace terminates, 409 on a race: both fine
        if (statusCode(err) !== 409 && statusCode(err) !== 403) throw err;
      }
    };
    const queue = createWorkQueue({
      name: SERVICEACCOUNT_COMPONENT,
      clock,
      logger: ctx.logger,
      reconcile(ns) {
        const nsObj = store.get(NAMESPACES, undefined, ns) as { metadata: { deletionTimestamp?: string }; status?: { phase?: string } } | undefined;
        if (!nsObj || nsObj.metadata.deletionTimestamp || nsObj.status?.phase === "Terminating") return;
        ensure(SERVICE_ACCOUNTS, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: ns } });
        ensure(CONFIG_MAPS, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } },
          data: { "ca.crt": SIM_ROOT_CA_PEM },
        });
      },
    });
    const handles = [
      watchAll(store, NAMESPACES, (ev) => {
        if (ev.type !== "DELETED") queue.enqueue(ev.object.metadata.name);
      }),
      watchAll(store, SERVICE_ACCOUNTS, (ev) => {
        if (ev.type === "DELETED" && ev.object.metadata.name === DEFAULT_SERVICE_ACCOUNT) queue.enqueue(ev.object.metadata.namespace!);
      }),
      watchAll(store, CONFIG_MAPS, (ev) => {
        if (ev.type === "DELETED" && ev.object.metadata.name === ROOT_CA_CONFIGMAP) queue.enqueue(ev.object.metadata.namespace!);
      }),
      queue,
      { stop: () => void (stopped = true) },
    ];
    return stopAll(handles);
  },
};

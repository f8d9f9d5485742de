/**
 * ServiceAccount controller: every active namespace has a `default` ServiceAccount, recreated if
 * deleted. Also publishes `kube-root-ca.crt` like the root-ca-cert-publisher, since every real
 * namespace lists it.
 */
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { CONFIG_MAPS, NAMESPACES, SERVICE_ACCOUNTS } from "./gvr.js";
import { statusCode } from "./objects.js";
import { createWorkQueue } from "./work-queue.js";

export const SERVICEACCOUNT_COMPONENT = "serviceaccount-controller";
export const DEFAULT_SERVICE_ACCOUNT = "default";
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
/** A placeholder CA: the sim has no cluster PKI, but the ConfigMap's shape matches a real one. */
export const SIM_ROOT_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\ndmVyLWNhQGZpcmVkcmlsbDAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBa\n-----END CERTIFICATE-----\n";

export const serviceAccountController: Controller = {
  name: SERVICEACCOUNT_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
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
    ];
    return stopAll(handles);
  },
};

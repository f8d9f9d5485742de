/**
 * A watch-fed read cache of one resource (like client-go's informer): the kubelet reads pods,
 * Services, policies, RBAC and config many times per simulated second (probes, dependency checks),
 * and a store `list`/`get` deep-copies every object. Objects here are the store's frozen snapshots.
 */
import type { GroupVersionResource, KubeObject, ObjectStore, WatchHandle } from "../store/types.js";

export class Informer {
  private readonly items = new Map<string, KubeObject>();
  private readonly lists = new Map<string, KubeObject[]>();
  private readonly handle: WatchHandle;

  constructor(store: ObjectStore, gvr: GroupVersionResource) {
    this.handle = store.watch(gvr, { resourceVersion: "0" }, (ev) => {
      const key = `${ev.object.metadata.namespace ?? ""}/${ev.object.metadata.name}`;
      if (ev.type === "ADDED" || ev.type === "MODIFIED") this.items.set(key, ev.object);
      else if (ev.type === "DELETED") this.items.delete(key);
      else return;
      this.lists.clear();
    });
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.items.get(`${namespace ?? ""}/${name}`);
  }

  /** Every object, or those of one namespace; the array is shared until the next change. */
  list(namespace?: string): KubeObject[] {
    const key = namespace ?? "\u0000all";
    let out = this.lists.get(key);
    if (!out) {
      out = [...this.items.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
      this.lists.set(key, out);
    }
    return out;
  }

  stop(): void {
    this.handle.stop();
  }
}

const core = (resource: string): GroupVersionResource => ({ group: "", version: "v1", resource });
const rbac = (resource: string): GroupVersionResource => ({ group: "rbac.authorization.k8s.io", version: "v1", resource });

/** The resources the kubelet and its app model read. */
export const INFORMED = {
  pods: core("pods"),
  services: core("services"),
  namespaces: core("namespaces"),
  nodes: core("nodes"),
  configMaps: core("configmaps"),
  secrets: core("secrets"),
  pvcs: core("persistentvolumeclaims"),
  serviceAccounts: core("serviceaccounts"),
  networkPolicies: { group: "networking.k8s.io", version: "v1", resource: "networkpolicies" },
  roles: rbac("roles"),
  roleBindings: rbac("rolebindings"),
  clusterRoles: rbac("clusterroles"),
  clusterRoleBindings: rbac("clusterrolebindings"),
} as const satisfies Record<string, GroupVersionResource>;

export type Informers = { [K in keyof typeof INFORMED]: Informer };

export function startInformers(store: ObjectStore): Informers {
  return Object.fromEntries(Object.entries(INFORMED).map(([k, gvr]) => [k, new Informer(store, gvr)])) as Informers;
}

export function stopInformers(informers: Informers): void {
  for (const i of Object.values(informers)) i.stop();
}

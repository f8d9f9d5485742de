/**
 * An always-current, in-memory copy of the RBAC objects, kept by watching the store, so authorizing
 * a request costs no list (and no deep copies) of roles and bindings.
 */
import type { RbacObjects } from "../auth/rbac.js";
import type { KubeObject, ObjectStore, WatchHandle } from "../store/types.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const KINDS = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"] as const;

export class RbacCache {
  private readonly maps = new Map<string, Map<string, KubeObject>>();
  private readonly handles: WatchHandle[] = [];
  private snapshot: RbacObjects | undefined;

  constructor(store: ObjectStore) {
    for (const resource of KINDS) {
      const map = new Map<string, KubeObject>();
      this.maps.set(resource, map);
      this.handles.push(
        store.watch({ group: RBAC_GROUP, version: "v1", resource }, { resourceVersion: "0" }, (ev) => {
          const key = `${ev.object.metadata.namespace ?? ""}/${ev.object.metadata.name}`;
          if (ev.type === "DELETED") map.delete(key);
          else if (ev.type === "ADDED" || ev.type === "MODIFIED") map.set(key, ev.object);
          else return;
          this.snapshot = undefined;
        }),
      );
    }
  }

  objects(): RbacObjects {
    if (!this.snapshot) {
      const values = (r: string) => [...this.maps.get(r)!.values()];
      this.snapshot = { roles: values("roles"), roleBindings: values("rolebindings"), clusterRoles: values("clusterroles"), clusterRoleBindings: values("clusterrolebindings") };
    }
    return this.snapshot;
  }

  stop(): void {
    for (const h of this.handles) h.stop();
  }
}

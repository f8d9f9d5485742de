import type { PatchMutation } from "../../scenarios/index.js";
import { objectRef, type MutationCluster } from "./cluster-port.js";

/** `patch`: strategic-merge, merge or JSON patch of one object, as `kubectl patch --type` would send it. */
export async function applyPatch(cluster: MutationCluster, namespace: string, m: PatchMutation): Promise<void> {
  await cluster.patch(namespace, objectRef(m.target), m.patch, m.type);
}

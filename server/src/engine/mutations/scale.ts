import type { ScaleMutation } from "../../scenarios/index.js";
import { objectRef, type MutationCluster } from "./cluster-port.js";

/** `scale`: set replicas through the /scale subresource. */
export async function applyScale(cluster: MutationCluster, namespace: string, m: ScaleMutation): Promise<void> {
  await cluster.scale(namespace, objectRef(m.target), m.replicas);
}

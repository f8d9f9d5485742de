import type { DeletePodsMutation } from "../../scenarios/index.js";
import type { MutationCluster } from "./cluster-port.js";

/** `deletePods`: delete every pod matching the selector, as a drain or restart would; controllers recreate them. */
export async function applyDeletePods(cluster: MutationCluster, namespace: string, m: DeletePodsMutation): Promise<void> {
  const pods = await cluster.list(namespace, "v1", "Pod", { labelSelector: m.selector });
  await Promise.all(pods.map((p) => cluster.delete(namespace, { apiVersion: "v1", kind: "Pod", name: p.metadata!.name! }, { gracePeriodSeconds: 0 })));
}

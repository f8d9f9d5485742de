import type { ApplyMutation } from "../../scenarios/index.js";
import { manifestObject } from "../../scenarios/index.js";
import type { MutationCluster } from "./cluster-port.js";

/** `apply`: create or update one object from a manifest; it always lands in the team's namespace. */
export async function applyManifest(cluster: MutationCluster, namespace: string, m: ApplyMutation): Promise<void> {
  await cluster.apply(namespace, manifestObject(m.manifest) as Parameters<MutationCluster["apply"]>[1]);
}

import type { DeleteMutation } from "../../scenarios/index.js";
import type { Clock } from "../../core/index.js";
import { objectRef, type MutationCluster } from "./cluster-port.js";

/** How often a waiting delete re-reads the object, in ms of wall time. */
export const DELETE_WAIT_POLL_MS = 100;
/** Longest a waiting delete waits for finalizers before giving up, in ms. */
export const DELETE_WAIT_TIMEOUT_MS = 30_000;

/** `delete`: delete one object; with `wait` (default), return only once it is really gone. */
export async function applyDelete(cluster: MutationCluster, namespace: string, m: DeleteMutation, clock: Clock): Promise<void> {
  const ref = objectRef(m.target);
  await cluster.delete(namespace, ref, { propagationPolicy: "Background" });
  if (!m.wait) return;
  const deadline = clock.now() + DELETE_WAIT_TIMEOUT_MS;
  while (await cluster.get(namespace, ref)) {
    if (clock.now() > deadline) throw new Error(`${m.target.kind} ${m.target.name} still exists ${DELETE_WAIT_TIMEOUT_MS} ms after delete`);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, DELETE_WAIT_POLL_MS));
  }
}

/**
 * Applies a scenario's `break` mutations (and any other scenario mutation) to a team namespace.
 * One file per mutation kind, one registry line each.
 */
import type { Clock } from "../../core/index.js";
import type { Mutation } from "../../scenarios/index.js";
import { applyManifest } from "./apply.js";
import { applyDelete } from "./delete.js";
import { applyDeletePods } from "./delete-pods.js";
import { applyPatch } from "./patch.js";
import { applyScale } from "./scale.js";
import type { MutationCluster } from "./cluster-port.js";

export { KIND_API_VERSIONS, objectRef, type MutationCluster } from "./cluster-port.js";

type Appliers = {
  [K in keyof Required<Mutation>]: (cluster: MutationCluster, namespace: string, spec: NonNullable<Mutation[K]>, clock: Clock) => Promise<void>;
};

export const MUTATION_APPLIERS: Appliers = {
  patch: applyPatch,
  delete: applyDelete,
  apply: applyManifest,
  scale: applyScale,
  deletePods: applyDeletePods,
};

/** The one kind a mutation step names (`{patch: {...}}` → "patch"). */
export function mutationKind(m: Mutation): keyof Appliers {
  const kind = (Object.keys(m) as (keyof Appliers)[]).find((k) => m[k] !== undefined);
  if (!kind) throw new Error("empty mutation");
  return kind;
}

/** Applies mutations in order; a failure names the step. */
export async function applyMutations(cluster: MutationCluster, namespace: string, mutations: readonly Mutation[], clock: Clock): Promise<void> {
  for (const [i, m] of mutations.entries()) {
    const kind = mutationKind(m);
    const apply = MUTATION_APPLIERS[kind] as (c: MutationCluster, ns: string, spec: unknown, clock: Clock) => Promise<void>;
    try {
      await apply(cluster, namespace, m[kind], clock);
    } catch (err) {
      throw new Error(`break[${i}].${kind} in ${namespace} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

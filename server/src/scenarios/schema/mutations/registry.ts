import { oneKindOf } from "../common.js";
import { PatchMutation } from "./patch.js";
import { DeleteMutation } from "./delete.js";
import { ApplyMutation } from "./apply.js";
import { ScaleMutation } from "./scale.js";
import { DeletePodsMutation } from "./delete-pods.js";

/** Mutation kinds, one line each. A `break` step is `{<kind>: spec}`. */
export const MUTATION_KINDS = {
  patch: PatchMutation,
  delete: DeleteMutation,
  apply: ApplyMutation,
  scale: ScaleMutation,
  deletePods: DeletePodsMutation,
};

export const Mutation = oneKindOf(MUTATION_KINDS, "mutation");
export type Mutation = import("zod").output<typeof Mutation>;
export type MutationKind = keyof typeof MUTATION_KINDS;

import { z } from "zod";
import { Glob } from "./common.js";

/** Kubernetes API verbs as the gateway records them in an Activity. */
export const API_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;

/**
 * A clue: kubectl activity that counts toward diagnosis. Every given field must match the Activity; globs
 * use `*` and `?`. `command` is matched against the `Kubectl-Command` header ("kubectl describe").
 * `weight` is in [0, 1]; the engine sums the weights of distinct clues matched (see diagnosisThreshold),
 * and any `key: true` clue alone counts as diagnosis.
 */
export const Clue = z
  .strictObject({
    command: Glob.optional().meta({ description: 'Kubectl-Command header glob, e.g. "kubectl describe", "kubectl logs".' }),
    verb: z.enum(API_VERBS).optional(),
    resource: z.string().min(1).meta({ description: 'Plural API resource: "pods", "events", "endpoints".' }),
    subresource: z.string().optional().meta({ description: '"log", "status", "scale", ...' }),
    name: Glob.optional().meta({ description: 'Object name glob, e.g. "frontend-*" (templated).' }),
    weight: z.number().min(0).max(1),
    key: z.boolean().optional().meta({ description: "This clue alone proves the team looked in the right place." }),
    note: z.string().min(1).meta({ description: "Why this command matters; shown in the debrief timeline." }),
  })
  .meta({ description: "kubectl activity that counts as diagnosis." });
export type Clue = z.output<typeof Clue>;

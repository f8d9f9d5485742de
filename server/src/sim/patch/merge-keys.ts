/**
 * Strategic-merge-patch metadata for the built-in kinds the sim serves: which lists merge by
 * which key. Upstream keeps this in Go struct tags (`patchStrategy:"merge" patchMergeKey:"name"`);
 * this table is the subset the game needs. A list not listed here is replaced whole, which is also
 * what happens for every list of an unknown kind (custom resources have no patch metadata).
 *
 * `suffix` is matched against the field path with list items made transparent, e.g.
 * `spec.template.spec.containers.ports` for the ports of a Deployment's containers.
 */

export interface ListMergeRule {
  readonly suffix: string;
  /** Only for these kinds (default: every built-in kind). */
  readonly kinds?: readonly string[];
  /** Lists of objects merged by this key. */
  readonly mergeKey?: string;
  /** A list of scalars merged as a set (union), e.g. `metadata.finalizers`. */
  readonly primitiveSet?: true;
}

export const LIST_MERGE_RULES: readonly ListMergeRule[] = [
  // more specific suffixes first: the first match wins
  { suffix: "spec.ports", kinds: ["Service"], mergeKey: "port" },
  { suffix: "containers.ports", mergeKey: "containerPort" },
  { suffix: "initContainers.ports", mergeKey: "containerPort" },
  { suffix: "ephemeralContainers.ports", mergeKey: "containerPort" },
  { suffix: "containers", mergeKey: "name" },
  { suffix: "initContainers", mergeKey: "name" },
  { suffix: "ephemeralContainers", mergeKey: "name" },
  { suffix: "volumes", mergeKey: "name" },
  { suffix: "env", mergeKey: "name" },
  { suffix: "imagePullSecrets", mergeKey: "name" },
  { suffix: "volumeMounts", mergeKey: "mountPath" },
  { suffix: "volumeDevices", mergeKey: "devicePath" },
  { suffix: "topologySpreadConstraints", mergeKey: "topologyKey" },
  { suffix: "resourceClaims", mergeKey: "name" },
  { suffix: "conditions", mergeKey: "type" },
  { suffix: "status.addresses", kinds: ["Node"], mergeKey: "type" },
  { suffix: "status.podIPs", kinds: ["Pod"], mergeKey: "ip" },
  { suffix: "status.hostIPs", kinds: ["Pod"], mergeKey: "ip" },
  { suffix: "metadata.ownerReferences", mergeKey: "uid" },
  { suffix: "metadata.finalizers", primitiveSet: true },
  // listed for clarity: these are replaced whole (no merge strategy upstream or atomic by design)
  { suffix: "tolerations" },
  { suffix: "hostAliases" },
  { suffix: "command" },
  { suffix: "args" },
  { suffix: "envFrom" },
];

/** Kinds that carry strategic-merge metadata. Anything else (custom resources) replaces lists. */
export const BUILTIN_KINDS: ReadonlySet<string> = new Set([
  "Pod",
  "PodTemplate",
  "ReplicationController",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "Service",
  "Endpoints",
  "EndpointSlice",
  "ConfigMap",
  "Secret",
  "Namespace",
  "Node",
  "Event",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "StorageClass",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
  "Ingress",
  "IngressClass",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  "PriorityClass",
  "Lease",
]);

export type ListStrategy = { kind: "merge"; mergeKey: string } | { kind: "set" } | { kind: "replace" };

const REPLACE: ListStrategy = { kind: "replace" };
const SET: ListStrategy = { kind: "set" };

/** How the list at `path` (dotted, list items transparent) of an object of `kind` is patched. */
export function listStrategy(kind: string | undefined, path: string): ListStrategy {
  if (!kind || !BUILTIN_KINDS.has(kind)) return REPLACE;
  for (const rule of LIST_MERGE_RULES) {
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    if (path !== rule.suffix && !path.endsWith(`.${rule.suffix}`)) continue;
    if (rule.primitiveSet) return SET;
    return rule.mergeKey ? { kind: "merge", mergeKey: rule.mergeKey } : REPLACE;
  }
  return REPLACE;
}

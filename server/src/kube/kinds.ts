/**
 * The kinds Firedrill watches in a team namespace (the recovery evaluator's view) and how to reach
 * them over the API. Plural names are fixed for built-in kinds, so no discovery round-trip is needed.
 */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  plural: string;
}

export const SNAPSHOT_KINDS = {
  deployments: { apiVersion: "apps/v1", kind: "Deployment", plural: "deployments" },
  replicasets: { apiVersion: "apps/v1", kind: "ReplicaSet", plural: "replicasets" },
  pods: { apiVersion: "v1", kind: "Pod", plural: "pods" },
  services: { apiVersion: "v1", kind: "Service", plural: "services" },
  endpoints: { apiVersion: "v1", kind: "Endpoints", plural: "endpoints" },
  persistentvolumeclaims: { apiVersion: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims" },
  ingresses: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", plural: "ingresses" },
  networkpolicies: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", plural: "networkpolicies" },
  configmaps: { apiVersion: "v1", kind: "ConfigMap", plural: "configmaps" },
  secrets: { apiVersion: "v1", kind: "Secret", plural: "secrets" },
  events: { apiVersion: "v1", kind: "Event", plural: "events" },
  // Scenario forbid conditions name these (deleting the quota or the app's ServiceAccount is a shortcut);
  // unwatched, such a forbid would hold forever and the incident could never recover.
  resourcequotas: { apiVersion: "v1", kind: "ResourceQuota", plural: "resourcequotas" },
  serviceaccounts: { apiVersion: "v1", kind: "ServiceAccount", plural: "serviceaccounts" },
} as const satisfies Record<string, KindInfo>;

export type SnapshotKind = keyof typeof SNAPSHOT_KINDS;
export const ALL_SNAPSHOT_KINDS = Object.keys(SNAPSHOT_KINDS) as SnapshotKind[];

/** `/api/v1/namespaces/ns/pods` or `/apis/apps/v1/namespaces/ns/deployments`. */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const base = info.apiVersion.includes("/") ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}

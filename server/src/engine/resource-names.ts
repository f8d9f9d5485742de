/**
 * Resource naming: clue authors may write "po", "pod" or "pods"; the gateway records the plural from
 * the API path. Scenario targets name a kind ("Deployment"); requests name a resource ("deployments").
 */

/** Kind → plural resource for the kinds scenarios touch. Others fall back to English pluralisation. */
export const KIND_TO_RESOURCE: Readonly<Record<string, string>> = {
  Pod: "pods",
  Deployment: "deployments",
  ReplicaSet: "replicasets",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  Job: "jobs",
  CronJob: "cronjobs",
  Service: "services",
  Endpoints: "endpoints",
  EndpointSlice: "endpointslices",
  Ingress: "ingresses",
  IngressClass: "ingressclasses",
  NetworkPolicy: "networkpolicies",
  ConfigMap: "configmaps",
  Secret: "secrets",
  ServiceAccount: "serviceaccounts",
  Role: "roles",
  RoleBinding: "rolebindings",
  PersistentVolumeClaim: "persistentvolumeclaims",
  PersistentVolume: "persistentvolumes",
  StorageClass: "storageclasses",
  ResourceQuota: "resourcequotas",
  LimitRange: "limitranges",
  HorizontalPodAutoscaler: "horizontalpodautoscalers",
  PodDisruptionBudget: "poddisruptionbudgets",
  Event: "events",
  Namespace: "namespaces",
  Node: "nodes",
};

/** kubectl short names and singulars → plural resource. */
const ALIASES: Readonly<Record<string, string>> = {
  po: "pods",
  deploy: "deployments",
  rs: "replicasets",
  sts: "statefulsets",
  ds: "daemonsets",
  cj: "cronjobs",
  svc: "services",
  ep: "endpoints",
  ing: "ingresses",
  netpol: "networkpolicies",
  cm: "configmaps",
  sa: "serviceaccounts",
  pvc: "persistentvolumeclaims",
  pv: "persistentvolumes",
  sc: "storageclasses",
  quota: "resourcequotas",
  limits: "limitranges",
  hpa: "horizontalpodautoscalers",
  pdb: "poddisruptionbudgets",
  ev: "events",
  ns: "namespaces",
  no: "nodes",
  ...Object.fromEntries(Object.entries(KIND_TO_RESOURCE).map(([kind, plural]) => [kind.toLowerCase(), plural])),
};

/** "po", "Pod", "pods", "deployments.apps" → "pods" / "deployments". */
export function normaliseResource(resource: string): string {
  const r = resource.trim().toLowerCase().split(".")[0]!;
  return ALIASES[r] ?? r;
}

/** "Deployment" → "deployments"; unknown kinds are pluralised the way Kubernetes does. */
export function resourceForKind(kind: string): string {
  const known = KIND_TO_RESOURCE[kind];
  if (known) return known;
  const lower = kind.toLowerCase();
  if (lower.endsWith("y") && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

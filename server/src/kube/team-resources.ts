/**
 * The objects that fence a team in: its namespace, the `player` ServiceAccount the gateway
 * impersonates, the player's Role and bindings, a ResourceQuota, a LimitRange and a NetworkPolicy
 * that denies traffic from other namespaces. Pure builders; cluster.ts creates them.
 */
import type { KubernetesObject } from "@kubernetes/client-node";

export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "firedrill";
export const LABEL_GAME = "firedrill.io/game";
export const LABEL_TEAM = "firedrill.io/team";
export const LABEL_TEAM_ID = "firedrill.io/team-id";

/** Must match the gateway's impersonated user (`system:serviceaccount:<ns>:player`). */
export const PLAYER_SERVICE_ACCOUNT = "player";
export const PLAYER_ROLE = "firedrill-player";
/** Shared ClusterRole for the cluster-scoped reads a player legitimately needs. */
export const PLAYER_CLUSTER_ROLE = "firedrill:player-cluster-read";
export const TEAM_QUOTA = "firedrill-team-quota";
export const TEAM_LIMITS = "firedrill-team-limits";
export const TEAM_NETWORK_POLICY = "firedrill-deny-other-namespaces";

/** Per-team ceilings; generous for TaskMaster (≈ 0.55 CPU, 1 GiB requested) plus a player's experiments. */
export const DEFAULT_TEAM_QUOTA: Record<string, string> = {
  pods: "30",
  "requests.cpu": "4",
  "requests.memory": "8Gi",
  "limits.memory": "16Gi",
  persistentvolumeclaims: "10",
  services: "20",
};

/** Defaults for containers that declare no resources, so the quota can admit them. */
export const DEFAULT_CONTAINER_REQUESTS = { cpu: "50m", memory: "64Mi" };
export const DEFAULT_CONTAINER_LIMITS = { memory: "512Mi" };

/** Namespaces whose traffic a team namespace accepts besides its own (the ingress controller). */
export const DEFAULT_INGRESS_CONTROLLER_NAMESPACES = ["ingress-nginx"];
/**
 * Node / control-plane networks the fence admits: the API server's service proxy (which Firedrill uses to
 * check that the app answers users) arrives from there, and CNIs that enforce policy on host traffic would
 * otherwise drop it. The default is kind's node network, which the simulated cluster mirrors.
 */
export const DEFAULT_CONTROL_PLANE_CIDRS = ["172.18.0.0/16"];

export interface TeamIdentity {
  gameCode: string;
  teamId: string;
  teamSlug: string;
  namespace: string;
}

export function teamLabels(t: TeamIdentity): Record<string, string> {
  return {
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_GAME]: t.gameCode.toLowerCase(),
    [LABEL_TEAM]: t.teamSlug,
    [LABEL_TEAM_ID]: t.teamId,
  };
}

/** Label selector matching every object a game created. */
export function gameSelector(gameCode: string): string {
  return `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_GAME}=${gameCode.toLowerCase()}`;
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "update", "patch", "delete", "deletecollection"];

/**
 * What a player may do in its own namespace: read everything a troubleshooter reads, and fix
 * workloads, their config and networking. Deliberately absent: any write to RBAC objects, `bind`,
 * `escalate`, `impersonate`, ResourceQuota/LimitRange writes, and namespace writes, so a team can
 * neither grant itself more power nor lift its own fences.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export function playerRoleRules(): PolicyRule[] {
  return [
    {
      apiGroups: [""],
      resources: [
        "pods", "pods/log", "pods/status", "services", "services/status", "endpoints", "configmaps", "secrets",
        "persistentvolumeclaims", "persistentvolumeclaims/status", "serviceaccounts", "events", "replicationcontrollers",
        "resourcequotas", "resourcequotas/status", "limitranges", "namespaces", "namespaces/status",
      ],
      verbs: READ,
    },
    {
      apiGroups: [""],
      resources: ["pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts", "replicationcontrollers", "replicationcontrollers/scale"],
      verbs: WRITE,
    },
    // exec/attach/port-forward: WebSocket upgrades are authorized as `get` before 1.31, `create` since
    { apiGroups: [""], resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy"], verbs: ["get", "create"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    {
      apiGroups: ["apps"],
      resources: [
        "deployments", "deployments/scale", "deployments/status", "deployments/rollback", "replicasets", "replicasets/scale",
        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status", "daemonsets", "daemonsets/status",
        "controllerrevisions",
      ],
      verbs: READ,
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale", "daemonsets"],
      verbs: WRITE,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs", "jobs/status", "cronjobs/status"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...READ, ...WRITE] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...READ, ...WRITE] },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingresses/status", "networkpolicies"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: WRITE },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
    // read-only RBAC: RBAC scenarios are diagnosed by reading roles; no bind/escalate, no writes
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: READ },
  ];
}

export function teamNamespace(t: TeamIdentity): KubernetesObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: t.namespace, labels: teamLabels(t) } };
}

/** Everything inside the namespace that fences the team in (created after the namespace). */
export function teamFenceObjects(
  t: TeamIdentity,
  opts: { quota?: Record<string, string>; ingressControllerNamespaces?: string[]; controlPlaneCidrs?: string[] } = {},
): KubernetesObject[] {
  const labels = teamLabels(t);
  const meta = (name: string) => ({ name, namespace: t.namespace, labels });
  const ingressNamespaces = opts.ingressControllerNamespaces ?? DEFAULT_INGRESS_CONTROLLER_NAMESPACES;
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(PLAYER_SERVICE_ACCOUNT), automountServiceAccountToken: false } as KubernetesObject,
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(PLAYER_ROLE), rules: playerRoleRules() } as KubernetesObject,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(PLAYER_ROLE),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: PLAYER_ROLE },
      subjects: [{ kind: "ServiceAccount", name: PLAYER_SERVICE_ACCOUNT, namespace: t.namespace }],
    } as KubernetesObject,
    {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta(TEAM_QUOTA),
      spec: { hard: { ...(opts.quota ?? DEFAULT_TEAM_QUOTA) } },
    } as KubernetesObject,
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta(TEAM_LIMITS),
      spec: {
        limits: [{ type: "Container", defaultRequest: { ...DEFAULT_CONTAINER_REQUESTS }, default: { ...DEFAULT_CONTAINER_LIMITS } }],
      },
    } as KubernetesObject,
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(TEAM_NETWORK_POLICY),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { podSelector: {} },
              ...ingressNamespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } })),
              ...(opts.controlPlaneCidrs ?? DEFAULT_CONTROL_PLANE_CIDRS).map((cidr) => ({ ipBlock: { cidr } })),
            ],
          },
        ],
      },
    } as KubernetesObject,
  ];
}

/** Shared by every team: read nodes, storage and ingress classes; list namespaces (the gateway filters). */
export function playerClusterRole(): KubernetesObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: PLAYER_CLUSTER_ROLE, labels: { [LABEL_MANAGED_BY]: MANAGED_BY } },
    rules: [
      { apiGroups: [""], resources: ["nodes", "persistentvolumes"], verbs: READ },
      { apiGroups: [""], resources: ["namespaces"], verbs: ["list", "watch"] },
      { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: READ },
      { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: READ },
      { apiGroups: ["node.k8s.io"], resources: ["runtimeclasses"], verbs: READ },
      { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: READ },
    ],
  } as KubernetesObject;
}

export function playerClusterRoleBindingName(namespace: string): string {
  return `firedrill:player:${namespace}`;
}

export function playerClusterRoleBinding(t: TeamIdentity): KubernetesObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: playerClusterRoleBindingName(t.namespace), labels: teamLabels(t) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: PLAYER_CLUSTER_ROLE },
    subjects: [{ kind: "ServiceAccount", name: PLAYER_SERVICE_ACCOUNT, namespace: t.namespace }],
  } as KubernetesObject;
}

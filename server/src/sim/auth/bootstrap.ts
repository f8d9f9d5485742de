/**
 * The ClusterRoles and ClusterRoleBindings a fresh kube-apiserver bootstraps, trimmed to the kinds the
 * sim serves: cluster-admin, admin, edit, view (the user-facing roles, written flat rather than
 * aggregated), plus system:basic-user and system:discovery bound to every authenticated user so
 * `kubectl auth can-i`, `auth whoami` and discovery work for any identity, and system:public-info-viewer
 * (version and health) for everyone, signed in or not.
 */
import type { KubeObject } from "../store/types.js";
import type { PolicyRule } from "./rbac.js";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const ALL_VERBS = [...WRITE, ...READ];

const VIEW_RULES: PolicyRule[] = [
  {
    apiGroups: [""],
    resources: ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "pods/log", "pods/status", "replicationcontrollers", "services", "services/status", "serviceaccounts", "events", "limitranges", "resourcequotas", "resourcequotas/status", "namespaces", "namespaces/status"],
    verbs: READ,
  },
  { apiGroups: ["apps"], resources: ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status", "controllerrevisions"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingresses/status", "networkpolicies"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
];

const EDIT_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], verbs: READ },
  { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
  { apiGroups: [""], resources: ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], verbs: ["create", "delete", "deletecollection", "patch", "update"] },
  { apiGroups: [""], resources: ["configmaps", "endpoints", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], verbs: WRITE },
  { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
  { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], verbs: WRITE },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: WRITE },
  ...VIEW_RULES,
];

const ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"], verbs: ["create"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: ALL_VERBS },
  ...EDIT_RULES,
];

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: {
      name,
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults", ...labels },
      annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
    },
    rules,
  };
}

function groupBinding(name: string, role: string, ...groups: string[]): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: {
      name,
      labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
      annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
    },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: groups.map((name) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name })),
  };
}

export function bootstrapClusterRoles(): KubeObject[] {
  return [
    clusterRole("cluster-admin", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]),
    clusterRole("admin", ADMIN_RULES, { "kubernetes.io/bootstrapping": "rbac-defaults" }),
    clusterRole("edit", EDIT_RULES, { "rbac.authorization.k8s.io/aggregate-to-admin": "true" }),
    clusterRole("view", VIEW_RULES, { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
    clusterRole("system:basic-user", [
      { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] },
    ]),
    clusterRole("system:public-info-viewer", [{ nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"], verbs: ["get"] }]),
    clusterRole("system:discovery", [
      { nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], verbs: ["get"] },
    ]),
  ];
}

export function bootstrapClusterRoleBindings(): KubeObject[] {
  const admin = groupBinding("cluster-admin", "cluster-admin", "system:masters");
  return [
    admin,
    groupBinding("system:basic-user", "system:basic-user", "system:authenticated"),
    groupBinding("system:discovery", "system:discovery", "system:authenticated"),
    groupBinding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated"),
  ];
}

/**
 * Every resource type the simulated API server serves, as one data table. Discovery, routing,
 * OpenAPI, RBAC attribute parsing and Table printing all read from here; adding a kind is one line.
 * Order matters: discovery lists resources in this order, and `kubectl get all` expands the `all`
 * category in discovery order (pods, services, deployments, …), as kube-apiserver does.
 */
import type { GroupVersionResource } from "../store/types.js";

export interface SubresourceDef {
  name: string;
  /** Response kind; defaults to the parent's. */
  kind?: string;
  /** Response group/version when it differs from the parent's (e.g. autoscaling/v1 Scale). */
  group?: string;
  version?: string;
  verbs: readonly string[];
}

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, lower-case: "deployments". */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly string[];
  subresources: readonly SubresourceDef[];
  /** Create-only review kinds (SSAR, SSRR, SelfSubjectReview) are computed, never stored. */
  virtual?: boolean;
}

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;
const STATUS_VERBS = ["get", "patch", "update"] as const;
const status = (): SubresourceDef => ({ name: "status", verbs: STATUS_VERBS });
const scale = (): SubresourceDef => ({ name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: STATUS_VERBS });

function def(
  gv: string,
  resource: string,
  kind: string,
  opts: {
    cluster?: boolean;
    short?: string[];
    all?: boolean;
    sub?: SubresourceDef[];
    verbs?: readonly string[];
    virtual?: boolean;
  } = {},
): ResourceDef {
  const [group, version] = gv.includes("/") ? gv.split("/") as [string, string] : ["", gv];
  return {
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced: !opts.cluster,
    shortNames: opts.short ?? [],
    categories: opts.all ? ["all"] : [],
    verbs: opts.verbs ?? CRUD,
    subresources: opts.sub ?? [],
    virtual: opts.virtual,
  };
}

export const RESOURCES: readonly ResourceDef[] = [
  // core/v1
  def("v1", "pods", "Pod", {
    short: ["po"],
    all: true,
    sub: [
      { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
      { name: "exec", kind: "PodExecOptions", verbs: ["create", "get"] },
      { name: "log", verbs: ["get"] },
      { name: "proxy", kind: "PodProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] },
      status(),
    ],
  }),
  def("v1", "services", "Service", {
    short: ["svc"],
    all: true,
    sub: [{ name: "proxy", kind: "ServiceProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] }, status()],
  }),
  def("v1", "namespaces", "Namespace", { cluster: true, short: ["ns"], sub: [status()], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  def("v1", "configmaps", "ConfigMap", { short: ["cm"] }),
  def("v1", "secrets", "Secret"),
  def("v1", "serviceaccounts", "ServiceAccount", { short: ["sa"] }),
  def("v1", "endpoints", "Endpoints", { short: ["ep"] }),
  def("v1", "events", "Event", { short: ["ev"] }),
  def("v1", "nodes", "Node", { cluster: true, short: ["no"], sub: [status()] }),
  def("v1", "resourcequotas", "ResourceQuota", { short: ["quota"], sub: [status()] }),
  def("v1", "limitranges", "LimitRange", { short: ["limits"] }),
  def("v1", "persistentvolumeclaims", "PersistentVolumeClaim", { short: ["pvc"], sub: [status()] }),
  def("v1", "persistentvolumes", "PersistentVolume", { cluster: true, short: ["pv"], sub: [status()] }),
  // apps/v1
  def("apps/v1", "deployments", "Deployment", { short: ["deploy"], all: true, sub: [scale(), status()] }),
  def("apps/v1", "replicasets", "ReplicaSet", { short: ["rs"], all: true, sub: [scale(), status()] }),
  def("apps/v1", "statefulsets", "StatefulSet", { short: ["sts"], all: true, sub: [scale(), status()] }),
  def("apps/v1", "daemonsets", "DaemonSet", { short: ["ds"], all: true, sub: [status()] }),
  // networking.k8s.io/v1
  def("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", { short: ["netpol"] }),
  def("networking.k8s.io/v1", "ingresses", "Ingress", { short: ["ing"], sub: [status()] }),
  def("networking.k8s.io/v1", "ingressclasses", "IngressClass", { cluster: true }),
  // rbac.authorization.k8s.io/v1
  def("rbac.authorization.k8s.io/v1", "roles", "Role"),
  def("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding"),
  def("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", { cluster: true }),
  def("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", { cluster: true }),
  // storage.k8s.io/v1
  def("storage.k8s.io/v1", "storageclasses", "StorageClass", { cluster: true, short: ["sc"] }),
  // events.k8s.io/v1: a view of the core v1 Events (resources/conversion.ts), as in kube-apiserver
  def("events.k8s.io/v1", "events", "Event", { short: ["ev"] }),
  // discovery.k8s.io/v1
  def("discovery.k8s.io/v1", "endpointslices", "EndpointSlice"),
  // reviews: computed, create-only
  def("authorization.k8s.io/v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", { cluster: true, verbs: ["create"], virtual: true }),
  def("authorization.k8s.io/v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", { cluster: true, verbs: ["create"], virtual: true }),
  def("authentication.k8s.io/v1", "selfsubjectreviews", "SelfSubjectReview", { cluster: true, verbs: ["create"], virtual: true }),
];

/** "apps/v1" or "v1" for the core group. */
export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function gvrOf(def: ResourceDef): GroupVersionResource {
  return { group: def.group, version: def.version, resource: def.resource };
}

/** `deployments.apps` / `pods`: the qualified resource name kube-apiserver uses in messages. */
export function qualifiedResource(def: { group: string; resource: string }): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

export interface GroupVersion {
  group: string;
  version: string;
}

/** Group versions in discovery order (core first). */
export function groupVersions(): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const r of RESOURCES) seen.set(apiVersionOf(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

const byPath = new Map<string, ResourceDef>(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
const byKind = new Map<string, ResourceDef>();
for (const r of RESOURCES) if (!byKind.has(`${r.group}/${r.kind}`)) byKind.set(`${r.group}/${r.kind}`, r);

export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return byPath.get(`${group}/${version}/${resource}`);
}

export function findResourceByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  return byKind.get(`${group}/${kind}`);
}

export function resourcesIn(group: string, version: string): ResourceDef[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

export function findSubresource(def: ResourceDef, name: string): SubresourceDef | undefined {
  return def.subresources.find((s) => s.name === name);
}

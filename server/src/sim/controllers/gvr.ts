/** The resource types the controllers read and write, as store keys. */
import type { GroupVersionResource } from "../store/types.js";

const core = (resource: string): GroupVersionResource => ({ group: "", version: "v1", resource });
const apps = (resource: string): GroupVersionResource => ({ group: "apps", version: "v1", resource });

export const PODS = core("pods");
export const SERVICES = core("services");
export const NAMESPACES = core("namespaces");
export const NODES = core("nodes");
export const EVENTS = core("events");
export const ENDPOINTS = core("endpoints");
export const SERVICE_ACCOUNTS = core("serviceaccounts");
export const RESOURCE_QUOTAS = core("resourcequotas");
export const LIMIT_RANGES = core("limitranges");
export const PVCS = core("persistentvolumeclaims");
export const PVS = core("persistentvolumes");
export const CONFIG_MAPS = core("configmaps");
export const SECRETS = core("secrets");
export const DEPLOYMENTS = apps("deployments");
export const REPLICA_SETS = apps("replicasets");
export const STATEFUL_SETS = apps("statefulsets");
export const DAEMON_SETS = apps("daemonsets");
export const ENDPOINT_SLICES: GroupVersionResource = { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" };
export const STORAGE_CLASSES: GroupVersionResource = { group: "storage.k8s.io", version: "v1", resource: "storageclasses" };
export const INGRESS_CLASSES: GroupVersionResource = { group: "networking.k8s.io", version: "v1", resource: "ingressclasses" };

export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

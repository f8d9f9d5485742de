/**
 * What a fresh cluster already has before anyone applies anything: the system namespaces, the
 * worker Nodes, the `kubernetes` Service with its endpoints, the default StorageClass `standard`
 * and the IngressClass `nginx`. Idempotent: existing objects are left as they are.
 */
import type { Clock, Logger } from "../../core/index.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "../store/types.js";
import { ENDPOINTS, ENDPOINT_SLICES, INGRESS_CLASSES, NAMESPACES, NODES, SERVICES, STORAGE_CLASSES } from "./gvr.js";
import { isoSeconds, statusCode } from "./objects.js";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;
export const KUBELET_VERSION = "v1.32.4";
export const DEFAULT_NODE_COUNT = 3;
/** Allocatable per simulated node unless configured. */
export const DEFAULT_NODE_CPU = "2";
export const DEFAULT_NODE_MEMORY = "4Gi";
export const DEFAULT_NODE_MAX_PODS = 110;
export const DEFAULT_STORAGE_CLASS = "standard";
export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";
export const DEFAULT_INGRESS_CLASS = "nginx";
/** The API server's own address as the `kubernetes` endpoints show it. */
export const API_SERVER_ENDPOINT_IP = "172.18.0.2";
export const API_SERVER_PORT = 6443;
export const KUBERNETES_SERVICE_IP = "10.96.0.1";

export interface SimNodeConfig {
  name: string;
  /** Allocatable cpu, e.g. "2". */
  cpu?: string;
  /** Allocatable memory, e.g. "4Gi". */
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  /** Marks the node unschedulable (`kubectl cordon`). */
  unschedulable?: boolean;
}

export function defaultNodes(count = DEFAULT_NODE_COUNT): SimNodeConfig[] {
  return Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}` }));
}

export function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

export function nodeObject(cfg: SimNodeConfig, index: number, nowMs: number): KubeObject {
  const t = isoSeconds(nowMs);
  const cpu = cfg.cpu ?? DEFAULT_NODE_CPU;
  const memory = cfg.memory ?? DEFAULT_NODE_MEMORY;
  const pods = String(cfg.pods ?? DEFAULT_NODE_MAX_PODS);
  const resources = { cpu, "ephemeral-storage": "61202244Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory, pods };
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
    reason,
    message,
  });
  const cidr = `10.244.${index + 1}.0/24`;
  const spec: Record<string, unknown> = { podCIDR: cidr, podCIDRs: [cidr], providerID: `kind://docker/firedrill/${cfg.name}` };
  if (cfg.taints?.length) spec.taints = cfg.taints;
  if (cfg.unschedulable) spec.unschedulable = true;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: cfg.name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": cfg.name,
        "kubernetes.io/os": "linux",
        "node-role.kubernetes.io/worker": "",
        ...(cfg.labels ?? {}),
      },
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec,
    status: {
      addresses: [
        { type: "InternalIP", address: `172.18.0.${index + 3}` },
        { type: "Hostname", address: cfg.name },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: `0b6f3c1e-5a2d-4c8e-9f71-${String(index + 1).padStart(12, "0")}`,
        containerRuntimeVersion: "containerd://1.7.24",
        kernelVersion: "6.1.0-28-amd64",
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: `5f3e1c2b8a9d4e6f${String(index + 1).padStart(16, "0")}`,
        operatingSystem: "linux",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        systemUUID: `1d9f0c6a-2b7e-4f3d-8a5c-${String(index + 1).padStart(12, "0")}`,
      },
    },
  };
}

function clusterObjects(nodes: SimNodeConfig[], nowMs: number): [GroupVersionResource, KubeObject][] {
  const out: [GroupVersionResource, KubeObject][] = SYSTEM_NAMESPACES.map((ns) => [NAMESPACES, namespaceObject(ns)]);
  nodes.forEach((n, i) => out.push([NODES, nodeObject(n, i, nowMs)]));
  out.push([
    SERVICES,
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
      spec: {
        clusterIP: KUBERNETES_SERVICE_IP,
        clusterIPs: [KUBERNETES_SERVICE_IP],
        internalTrafficPolicy: "Cluster",
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: API_SERVER_PORT }],
        sessionAffinity: "None",
        type: "ClusterIP",
      },
      status: { loadBalancer: {} },
    },
  ]);
  out.push([
    ENDPOINTS,
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
      subsets: [{ addresses: [{ ip: API_SERVER_ENDPOINT_IP }], ports: [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }] }],
    },
  ]);
  out.push([
    ENDPOINT_SLICES,
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [API_SERVER_ENDPOINT_IP], conditions: { ready: true } }],
      ports: [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }],
    },
  ]);
  out.push([
    STORAGE_CLASSES,
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: LOCAL_PATH_PROVISIONER,
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
    },
  ]);
  out.push([
    INGRESS_CLASSES,
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: DEFAULT_INGRESS_CLASS, labels: { "app.kubernetes.io/component": "controller", "app.kubernetes.io/name": "ingress-nginx" } },
      spec: { controller: "k8s.io/ingress-nginx" },
    },
  ]);
  return out;
}

/** Creates the built-in cluster objects that are missing. */
export function bootstrapCluster(deps: { store: ObjectStore; clock: Clock; logger: Logger; nodes?: SimNodeConfig[] }): void {
  const nodes = deps.nodes ?? defaultNodes();
  for (const [gvr, obj] of clusterObjects(nodes, deps.clock.now())) {
    if (deps.store.get(gvr, obj.metadata.namespace, obj.metadata.name)) continue;
    try {
      const { status, ...rest } = obj as KubeObject & { status?: unknown };
      const created = deps.store.create(gvr, rest as KubeObject, { fieldManager: "kube-apiserver" });
      // status is a subresource: write it separately so it survives any create-time reset
      if (status !== undefined) deps.store.update(gvr, { ...created, status }, { subresource: "status", fieldManager: "kubelet" });
    } catch (err) {
      if (statusCode(err) !== 409) deps.logger.warn({ err, kind: obj.kind, name: obj.metadata.name }, "bootstrap object not created");
    }
  }
}

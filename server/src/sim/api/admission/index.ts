/**
 * Admission for the simulated API server: defaulting, allocation (Service ClusterIPs and NodePorts,
 * the default StorageClass for PVCs) and validation, registered as one store hook so every writer —
 * HTTP clients, controllers, kubelet — gets the same checks.
 */
import { seededRandom, type RandomSource } from "../../../core/ids.js";
import type { AdmissionHook, GroupVersionResource, KubeObject, ObjectStore, StatusCause } from "../../store/types.js";
import { findResource } from "../../resources/registry.js";
import { invalid } from "../status.js";
import * as d from "./defaults.js";
import * as v from "./validation.js";
import { createManagedFieldsHook } from "./managed-fields.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Service ClusterIPs come from 10.96.0.0/16 (kubeadm's default service CIDR starts there). */
export const SERVICE_CIDR_PREFIX = "10.96.";
/** 10.96.0.1 is the `kubernetes` Service, 10.96.0.10 is kube-dns: never hand them out. */
const RESERVED_CLUSTER_IPS = new Set(["10.96.0.0", "10.96.0.1", "10.96.0.10", "10.96.255.255"]);
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const SERVICES: GroupVersionResource = { group: "", version: "v1", resource: "services" };
const STORAGE_CLASSES: GroupVersionResource = { group: "storage.k8s.io", version: "v1", resource: "storageclasses" };

export interface AdmissionOptions {
  /** Seed for ClusterIP/NodePort choices, so tests see stable addresses. */
  seed?: number | string;
}

export function createAdmissionHook(store: ObjectStore, options: AdmissionOptions = {}): AdmissionHook {
  const random = seededRandom(options.seed ?? "firedrill-sim");
  return (op, gvr, obj, old) => {
    if (op === "DELETE") return;
    admit(store, random, op, gvr, obj as Json, old as Json);
  };
}

export function registerAdmission(store: ObjectStore, options: AdmissionOptions = {}): void {
  store.addAdmissionHook(createAdmissionHook(store, options));
  // after defaulting, so defaulted fields belong to the writer (managed-fields.ts)
  store.addAdmissionHook(createManagedFieldsHook(store));
}

function key(gvr: GroupVersionResource): string {
  return gvr.group ? `${gvr.group}/${gvr.resource}` : gvr.resource;
}

function admit(store: ObjectStore, random: RandomSource, op: "CREATE" | "UPDATE", gvr: GroupVersionResource, obj: Json, old: Json): void {
  obj.metadata ??= {};
  const causes: StatusCause[] = [];
  const k = key(gvr);
  switch (k) {
    case "pods":
      d.defaultPod(obj, op);
      causes.push(...v.validatePodSpec(obj.spec, "spec"));
      break;
    case "apps/deployments":
      d.defaultDeployment(obj);
      causes.push(...v.validateWorkload(obj, old));
      break;
    case "apps/replicasets":
      d.defaultReplicaSet(obj);
      causes.push(...v.validateWorkload(obj, old));
      break;
    case "apps/statefulsets":
      d.defaultStatefulSet(obj);
      causes.push(...v.validateWorkload(obj, old));
      break;
    case "apps/daemonsets":
      d.defaultDaemonSet(obj);
      causes.push(...v.validateWorkload(obj, old));
      break;
    case "services":
      d.defaultService(obj);
      if (op === "UPDATE" && old?.spec?.clusterIP && !obj.spec.clusterIP) {
        obj.spec.clusterIP = old.spec.clusterIP;
        obj.spec.clusterIPs = old.spec.clusterIPs;
      }
      if (op === "CREATE") allocateServiceAddresses(store, random, obj);
      else keepNodePorts(obj, old);
      causes.push(...v.validateService(obj, old));
      break;
    case "namespaces":
      d.defaultNamespace(obj);
      break;
    case "secrets":
      d.defaultSecret(obj);
      causes.push(...v.validateImmutableData(obj, old));
      break;
    case "configmaps":
      causes.push(...v.validateImmutableData(obj, old));
      break;
    case "persistentvolumeclaims":
      d.defaultPvc(obj, op);
      if (op === "CREATE" && obj.spec.storageClassName === undefined) {
        const def = defaultStorageClass(store);
        if (def) obj.spec.storageClassName = def;
      }
      causes.push(...v.validatePvcUpdate(obj, old));
      break;
    case "persistentvolumes":
      d.defaultPv(obj, op);
      break;
    case "storage.k8s.io/storageclasses":
      d.defaultStorageClass(obj);
      break;
  }
  if (op === "CREATE" && (obj.metadata.name || !obj.metadata.generateName)) {
    causes.unshift(...v.validateName(obj.metadata.name, v.nameRuleFor(gvr.group, gvr.resource)));
  }
  if (causes.length) {
    const def = findResource(gvr.group, gvr.version, gvr.resource);
    throw invalid(def?.kind ?? obj.kind ?? gvr.resource, obj.metadata.name ?? "", causes, gvr.group || undefined);
  }
}

function allocateServiceAddresses(store: ObjectStore, random: RandomSource, svc: Json): void {
  const spec = svc.spec;
  const existing = store.list(SERVICES).items as Json[];
  if (spec.type !== "ExternalName") {
    if (!spec.clusterIP) {
      const used = new Set(existing.map((s) => s.spec?.clusterIP));
      let ip = "";
      for (let attempt = 0; attempt < 65536; attempt++) {
        const candidate = `${SERVICE_CIDR_PREFIX}${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
        if (!used.has(candidate) && !RESERVED_CLUSTER_IPS.has(candidate)) {
          ip = candidate;
          break;
        }
      }
      spec.clusterIP = ip;
    }
    spec.clusterIPs ??= [spec.clusterIP];
  }
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
    const used = new Set<number>();
    for (const s of existing) for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      for (;;) {
        const candidate = NODE_PORT_MIN + Math.floor(random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1));
        if (!used.has(candidate)) {
          p.nodePort = candidate;
          used.add(candidate);
          break;
        }
      }
    }
  }
}

function keepNodePorts(svc: Json, old: Json): void {
  if (!old) return;
  for (const p of svc.spec?.ports ?? []) {
    if (p.nodePort) continue;
    const prev = (old.spec?.ports ?? []).find((o: Json) => o.port === p.port && (o.protocol ?? "TCP") === (p.protocol ?? "TCP"));
    if (prev?.nodePort && (svc.spec.type === "NodePort" || svc.spec.type === "LoadBalancer")) p.nodePort = prev.nodePort;
  }
}

function defaultStorageClass(store: ObjectStore): string | undefined {
  const classes = store.list(STORAGE_CLASSES).items as KubeObject[];
  const def = classes.find((c) => {
    const a = c.metadata.annotations ?? {};
    return a["storageclass.kubernetes.io/is-default-class"] === "true" || a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
  });
  return def?.metadata.name;
}

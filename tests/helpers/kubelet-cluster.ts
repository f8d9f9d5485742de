/**
 * A real simulated cluster for kubelet tests: store + admission + controllers (scheduler included)
 * + kubelet on a FakeClock with a fixed seed, and the TaskMaster manifests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { FakeClock, seededRandom, silentLogger } from "../../server/src/core/index.js";
import { loadImageCatalog, type ImageCatalog } from "../../server/src/scenarios/image-catalog.js";
import { registerAdmission } from "../../server/src/sim/api/admission/index.js";
import { startControllers } from "../../server/src/sim/controllers/index.js";
import { startKubelet } from "../../server/src/sim/kubelet/index.js";
import { createObjectStore } from "../../server/src/sim/store/index.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "../../server/src/sim/store/types.js";
import type { PodRuntime } from "../../server/src/sim/runtime.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export const ROOT = join(import.meta.dirname, "../..");
export const TEAM_NS = "team-a";

let cachedCatalog: ImageCatalog | undefined;
export function catalog(): ImageCatalog {
  return (cachedCatalog ??= loadImageCatalog(join(ROOT, "scenarios/images.yaml")));
}

const GVR_BY_KIND: Record<string, GroupVersionResource> = {
  Namespace: { group: "", version: "v1", resource: "namespaces" },
  Pod: { group: "", version: "v1", resource: "pods" },
  Service: { group: "", version: "v1", resource: "services" },
  ConfigMap: { group: "", version: "v1", resource: "configmaps" },
  Secret: { group: "", version: "v1", resource: "secrets" },
  ServiceAccount: { group: "", version: "v1", resource: "serviceaccounts" },
  PersistentVolumeClaim: { group: "", version: "v1", resource: "persistentvolumeclaims" },
  Deployment: { group: "apps", version: "v1", resource: "deployments" },
  Ingress: { group: "networking.k8s.io", version: "v1", resource: "ingresses" },
  NetworkPolicy: { group: "networking.k8s.io", version: "v1", resource: "networkpolicies" },
  Role: { group: "rbac.authorization.k8s.io", version: "v1", resource: "roles" },
  RoleBinding: { group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings" },
  Event: { group: "", version: "v1", resource: "events" },
};

export function gvrOf(kind: string): GroupVersionResource {
  const g = GVR_BY_KIND[kind];
  if (!g) throw new Error(`test harness: unknown kind ${kind}`);
  return g;
}

export interface Cluster {
  store: ObjectStore;
  clock: FakeClock;
  runtime: PodRuntime;
  stop(): void;
  apply(obj: Json, namespace?: string): KubeObject;
  applyTaskmaster(namespace?: string, only?: string[]): void;
  pods(namespace?: string, app?: string): Json[];
  pod(name: string, namespace?: string): Json;
  events(podName?: string, namespace?: string): Json[];
  advance(ms: number): Promise<void>;
}

export function taskmasterDocs(only?: string[]): Json[] {
  const files = ["config.yaml", "rbac.yaml", "postgres.yaml", "backend.yaml", "frontend.yaml", "ingress.yaml"];
  return files
    .filter((f) => !only || only.includes(f))
    .flatMap((f) => parseAllDocuments(readFileSync(join(ROOT, "scenarios/apps/taskmaster", f), "utf8")).map((d) => d.toJSON()));
}

export function startCluster(seed = 42): Cluster {
  const clock = new FakeClock();
  const store = createObjectStore({ clock });
  registerAdmission(store, { seed });
  const logger = silentLogger();
  const controllers = startControllers({ store, clock, logger });
  const kubelet = startKubelet({ store, clock, catalog: catalog(), logger, random: seededRandom(seed), recorder: controllers.recorder });
  const cluster: Cluster = {
    store,
    clock,
    runtime: kubelet.runtime,
    stop() {
      kubelet.stop();
      controllers.stop();
    },
    apply(obj, namespace = TEAM_NS) {
      const gvr = gvrOf(obj.kind);
      const o = structuredClone(obj);
      if (obj.kind !== "Namespace") o.metadata.namespace ??= namespace;
      const existing = store.get(gvr, o.metadata.namespace, o.metadata.name);
      if (existing) return store.update(gvr, { ...o, metadata: { ...existing.metadata, ...o.metadata, resourceVersion: undefined } });
      return store.create(gvr, o);
    },
    applyTaskmaster(namespace = TEAM_NS, only) {
      if (!store.get(gvrOf("Namespace"), undefined, namespace)) cluster.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
      for (const doc of taskmasterDocs(only)) cluster.apply(doc, namespace);
    },
    pods(namespace = TEAM_NS, app) {
      return store.list(gvrOf("Pod"), { namespace, labelSelector: app ? `app=${app}` : undefined }).items;
    },
    pod(name, namespace = TEAM_NS) {
      return store.get(gvrOf("Pod"), namespace, name);
    },
    events(podName, namespace = TEAM_NS) {
      const items: Json[] = store.list(gvrOf("Event"), { namespace }).items;
      return items.filter((e) => !podName || e.involvedObject?.name === podName);
    },
    async advance(ms) {
      await clock.advanceAsync(ms);
    },
  };
  return cluster;
}

/** `Type Reason Message` lines of an object's events, in creation order (like describe). */
export function eventLines(events: Json[]): string[] {
  return events.map((e) => `${e.type} ${e.reason} ${e.message}${e.count > 1 ? ` (x${e.count})` : ""}`);
}

export function waiting(pod: Json, i = 0): Json {
  return pod?.status?.containerStatuses?.[i]?.state?.waiting;
}

/** Creates a bare pod (the scheduler binds it, the kubelet runs it). */
export function createPod(cluster: Cluster, name: string, spec: Json, labels: Record<string, string> = {}, namespace = TEAM_NS): Json {
  if (!cluster.store.get(gvrOf("Namespace"), undefined, namespace)) cluster.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  return cluster.apply({ apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec }, namespace);
}

/** Event reasons+messages of a pod as `Reason: message` in order. */
export function reasons(cluster: Cluster, pod: string): string[] {
  return cluster.events(pod).map((e: Json) => `${e.reason}: ${e.message}`);
}

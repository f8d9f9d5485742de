/** Admission through a real store: defaults, ClusterIP allocation and validation with upstream wording. */
import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../../server/src/core/clock.js";
import { registerAdmission } from "../../../../server/src/sim/api/admission/index.js";
import { createObjectStore } from "../../../../server/src/sim/store/index.js";
import type { KubeObject, ObjectStore } from "../../../../server/src/sim/store/types.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const PODS = { group: "", version: "v1", resource: "pods" };
const SERVICES = { group: "", version: "v1", resource: "services" };
const DEPLOYMENTS = { group: "apps", version: "v1", resource: "deployments" };
const CONFIGMAPS = { group: "", version: "v1", resource: "configmaps" };
const NAMESPACES = { group: "", version: "v1", resource: "namespaces" };
const PVCS = { group: "", version: "v1", resource: "persistentvolumeclaims" };
const SCS = { group: "storage.k8s.io", version: "v1", resource: "storageclasses" };

let store: ObjectStore;
beforeEach(() => {
  store = createObjectStore({ clock: new FakeClock() });
  registerAdmission(store, { seed: 1 });
});

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "ns" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers } }, ...extra },
});

function invalid(fn: () => unknown): any {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an Invalid error");
}

describe("defaults", () => {
  it("pods get the kube-apiserver defaults", () => {
    const p = store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "a", image: "nginx" }, { name: "b", image: "nginx:1.25" }] } }) as any;
    expect(p.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", terminationGracePeriodSeconds: 30, serviceAccountName: "default" });
    expect(p.spec.containers.map((c: any) => c.imagePullPolicy)).toEqual(["Always", "IfNotPresent"]);
    expect(p.spec.containers[0].terminationMessagePath).toBe("/dev/termination-log");
    expect(p.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("deployments get strategy, history limit and progress deadline", () => {
    const d = store.create(DEPLOYMENTS, deployment([{ name: "web", image: "nginx:1.25" }])) as any;
    expect(d.spec).toMatchObject({ replicas: 1, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(d.spec.template.spec.restartPolicy).toBe("Always");
    expect(d.spec.template.spec.serviceAccountName).toBeUndefined();
  });

  it("services get a ClusterIP in 10.96.0.0/16, type and sessionAffinity; the IP survives updates", () => {
    const s = store.create(SERVICES, { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "ns" }, spec: { ports: [{ port: 80 }], selector: { app: "web" } } }) as any;
    expect(s.spec).toMatchObject({ type: "ClusterIP", sessionAffinity: "None", ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] });
    expect(s.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(s.spec.clusterIPs).toEqual([s.spec.clusterIP]);
    const { clusterIP: _drop, clusterIPs: _drop2, ...spec } = s.spec;
    const u = store.update(SERVICES, { ...s, spec: { ...spec, selector: { app: "other" } } }) as any;
    expect(u.spec.clusterIP).toBe(s.spec.clusterIP);
    const e = invalid(() => store.update(SERVICES, { ...u, spec: { ...u.spec, clusterIP: "10.96.9.9" } }));
    expect(e.message).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.9.9"}: may not change once set');
  });

  it("namespaces get their name label and Active phase", () => {
    const n = store.create(NAMESPACES, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } }) as any;
    expect(n.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "team-a" });
    expect(n.status).toEqual({ phase: "Active" });
  });

  it("PVCs without a class get the default StorageClass", () => {
    store.create(SCS, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "x" });
    const c = store.create(PVCS, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "ns" }, spec: { accessModes: ["ReadWriteOnce"] } }) as any;
    expect(c.spec.storageClassName).toBe("standard");
    expect(c.status.phase).toBe("Pending");
  });
});

describe("validation", () => {
  it("names must be RFC 1123 subdomains (labels for namespaces)", () => {
    const e = invalid(() => store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name", namespace: "ns" } }));
    expect(e).toMatchObject({ code: 422, reason: "Invalid", details: { kind: "ConfigMap", name: "Bad_Name" } });
    expect(e.details.causes[0]).toMatchObject({ field: "metadata.name", message: expect.stringMatching(/^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/) });
    const ns = invalid(() => store.create(NAMESPACES, { apiVersion: "v1", kind: "Namespace", metadata: { name: "a.b" } }));
    expect(ns.details.causes[0].message).toMatch(/a lowercase RFC 1123 label must consist of/);
  });

  it("workloads need containers, images and a matching selector; replicas ≥ 0", () => {
    expect(invalid(() => store.create(DEPLOYMENTS, deployment([]))).message).toBe('Deployment "web" is invalid: spec.template.spec.containers: Required value');
    expect(invalid(() => store.create(DEPLOYMENTS, deployment([{ name: "web" }]))).message).toBe('Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(invalid(() => store.create(DEPLOYMENTS, deployment([{ name: "web", image: " nginx" }]))).message).toBe(
      'Deployment "web" is invalid: spec.template.spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    );
    expect(invalid(() => store.create(DEPLOYMENTS, deployment([{ name: "web", image: "nginx" }], { replicas: -1 }))).message).toBe(
      'Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(invalid(() => store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec: {} })).message).toBe('Pod "p" is invalid: spec.containers: Required value');
  });

  it("deployment selectors are immutable", () => {
    const d = store.create(DEPLOYMENTS, deployment([{ name: "web", image: "nginx" }])) as any;
    d.spec.selector = { matchLabels: { app: "web", v: "2" } };
    d.spec.template.metadata.labels.v = "2";
    expect(invalid(() => store.update(DEPLOYMENTS, d)).message).toBe(
      'Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it("immutable ConfigMaps reject data changes", () => {
    const c = store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "ns" }, data: { a: "1" }, immutable: true }) as any;
    expect(invalid(() => store.update(CONFIGMAPS, { ...c, data: { a: "2" } })).message).toBe('ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });
});

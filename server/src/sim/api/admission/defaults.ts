/**
 * The defaults kube-apiserver fills in (defaulting functions plus the ServiceAccount and
 * DefaultTolerationSeconds admission plugins), so objects read back look like a real cluster's.
 * Idempotent: runs on every create and update.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** DefaultTolerationSeconds admission: pods tolerate not-ready/unreachable nodes for 5 minutes. */
export const DEFAULT_TOLERATION_SECONDS = 300;

function imagePullPolicy(image: string | undefined): string {
  if (!image) return "IfNotPresent";
  const noDigest = image.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const tagSep = noDigest.lastIndexOf(":");
  const tag = tagSep > lastSlash ? noDigest.slice(tagSep + 1) : "";
  if (image.includes("@")) return "IfNotPresent";
  return !tag || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: Json): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet.scheme ??= "HTTP";
}

function defaultContainer(c: Json): void {
  c.imagePullPolicy ??= imagePullPolicy(c.image);
  c.terminationMessagePath ??= "/dev/termination-log";
  c.terminationMessagePolicy ??= "File";
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= "TCP";
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= "v1";
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

export function defaultPodSpec(spec: Json): void {
  if (!spec || typeof spec !== "object") return;
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  if (Array.isArray(spec.containers)) spec.containers.forEach(defaultContainer);
  if (Array.isArray(spec.initContainers)) spec.initContainers.forEach(defaultContainer);
  for (const v of spec.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
  }
}

function qosClass(spec: Json): string {
  const containers: Json[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ["cpu", "memory"]) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function defaultPod(pod: Json, op: string): void {
  const spec = (pod.spec ??= {});
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  spec.priority ??= 0;
  // The ServiceAccount admission plugin (pods only, not templates).
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  spec.serviceAccountName ??= "default";
  if (op === "CREATE") {
    const tolerations: Json[] = (spec.tolerations ??= []);
    for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
      if (!tolerations.some((t) => t.key === key)) {
        tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
      }
    }
    pod.status ??= {};
    pod.status.phase ??= "Pending";
  }
  if (pod.status) pod.status.qosClass ??= qosClass(spec);
}

function defaultTemplate(obj: Json): void {
  defaultPodSpec(obj.spec?.template?.spec);
}

export function defaultDeployment(d: Json): void {
  const spec = (d.spec ??= {});
  spec.replicas ??= 1;
  spec.strategy ??= {};
  if (!spec.strategy.type) spec.strategy.type = "RollingUpdate";
  if (spec.strategy.type === "RollingUpdate") {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
    spec.strategy.rollingUpdate.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  spec.progressDeadlineSeconds ??= DEFAULT_PROGRESS_DEADLINE_SECONDS;
  defaultTemplate(d);
}

export function defaultReplicaSet(r: Json): void {
  (r.spec ??= {}).replicas ??= 1;
  defaultTemplate(r);
}

export function defaultStatefulSet(s: Json): void {
  const spec = (s.spec ??= {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= "OrderedReady";
  spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: "Retain", whenScaled: "Retain" };
  defaultTemplate(s);
}

export function defaultDaemonSet(d: Json): void {
  const spec = (d.spec ??= {});
  spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  defaultTemplate(d);
}

export function defaultService(svc: Json): void {
  const spec = (svc.spec ??= {});
  spec.type ??= "ClusterIP";
  if (spec.type !== "ExternalName") {
    spec.sessionAffinity ??= "None";
    spec.internalTrafficPolicy ??= "Cluster";
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
  }
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") spec.externalTrafficPolicy ??= "Cluster";
  for (const p of spec.ports ?? []) {
    p.protocol ??= "TCP";
    p.targetPort ??= p.port;
  }
  svc.status ??= { loadBalancer: {} };
}

export function defaultNamespace(ns: Json): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns.metadata.name };
  ns.spec ??= {};
  ns.spec.finalizers ??= ["kubernetes"];
  ns.status ??= {};
  ns.status.phase ??= "Active";
}

export function defaultSecret(s: Json): void {
  s.type ??= "Opaque";
  if (s.stringData && typeof s.stringData === "object") {
    s.data ??= {};
    for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v), "utf8").toString("base64");
    delete s.stringData;
  }
}

export function defaultPvc(c: Json, op: string): void {
  const spec = (c.spec ??= {});
  spec.volumeMode ??= "Filesystem";
  if (op === "CREATE") {
    c.status ??= {};
    c.status.phase ??= "Pending";
  }
}

export function defaultPv(v: Json, op: string): void {
  const spec = (v.spec ??= {});
  spec.volumeMode ??= "Filesystem";
  spec.persistentVolumeReclaimPolicy ??= "Retain";
  if (op === "CREATE") {
    v.status ??= {};
    v.status.phase ??= "Available";
  }
}

export function defaultStorageClass(s: Json): void {
  s.reclaimPolicy ??= "Delete";
  s.volumeBindingMode ??= "Immediate";
}

/**
 * Server-side Table printers: the columns, priorities and cell formats kube-apiserver produces
 * (upstream pkg/printers/internalversion/printers.go). kube-apiserver always emits the wide cells;
 * kubectl hides priority-1 columns unless `-o wide`. Ages are rendered against the sim clock.
 */
import { formatAge } from "../../core/duration.js";
import { podCells } from "./pod-status.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface TableColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface Printer {
  columns: TableColumn[];
  cells(obj: Json, nowMs: number): Cell[];
}

const NONE = "<none>";
const UNSET = "<unset>";

function col(name: string, type: TableColumn["type"] = "string", priority = 0, format = "", description = ""): TableColumn {
  return { name, type, format, description, priority };
}
const NAME = col("Name", "string", 0, "name", "Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
const AGE = col("Age", "string", 0, "", "CreationTimestamp is a timestamp representing the server time when this object was created.");

/** `translateTimestampSince`: "<unknown>" for a missing time, else a kubectl-style age. */
export function age(ts: string | undefined, nowMs: number): string {
  if (!ts) return "<unknown>";
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return "<unknown>";
  return formatAge(nowMs - t);
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return NONE;
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** metav1.FormatLabelSelector: matchLabels then expressions; `<none>` for an empty selector. */
export function formatLabelSelector(sel: Json): string {
  if (!sel) return NONE;
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        parts.push(`${e.key} in (${values})`);
        break;
      case "NotIn":
        parts.push(`${e.key} notin (${values})`);
        break;
      case "Exists":
        parts.push(e.key);
        break;
      case "DoesNotExist":
        parts.push(`!${e.key}`);
        break;
    }
  }
  const s = parts.join(",");
  return s === "" ? NONE : s;
}

function containersCells(podSpec: Json): [string, string] {
  const cs: Json[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(",")];
}

function rfc3339(ts: string | undefined): string {
  if (!ts) return "<unknown>";
  return new Date(Date.parse(ts)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function int(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

const ACCESS_MODE_SHORT: [string, string][] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];
function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  return ACCESS_MODE_SHORT.filter(([m]) => set.has(m)).map(([, s]) => s).join(",");
}

function servicePorts(svc: Json): string {
  const ports: Json[] = svc.spec?.ports ?? [];
  if (!ports.length) return NONE;
  return ports
    .map((p) => {
      const proto = p.protocol ?? "TCP";
      return p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(",");
}

function loadBalancerAddresses(lb: Json): string[] {
  return (lb?.ingress ?? []).map((i: Json) => i.ip || i.hostname).filter(Boolean);
}

function serviceExternalIP(svc: Json): string {
  const type = svc.spec?.type ?? "ClusterIP";
  const external: string[] = svc.spec?.externalIPs ?? [];
  switch (type) {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : NONE;
    case "LoadBalancer": {
      const all = [...loadBalancerAddresses(svc.status?.loadBalancer), ...external];
      return all.length ? all.join(",") : "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? NONE;
    default:
      return "<unknown>";
  }
}

const MAX_LISTED = 3;
function listWithMore(items: string[], empty: string): string {
  if (!items.length) return empty;
  if (items.length <= MAX_LISTED) return items.join(",");
  return `${items.slice(0, MAX_LISTED).join(",")} + ${items.length - MAX_LISTED} more...`;
}

function formatEndpoints(ep: Json): string {
  const subsets: Json[] = ep.subsets ?? [];
  if (!subsets.length) return NONE;
  const list: string[] = [];
  for (const ss of subsets) {
    const addrs: Json[] = ss.addresses ?? [];
    const ports: Json[] = ss.ports ?? [];
    if (!ports.length) for (const a of addrs) list.push(a.ip);
    else for (const p of ports) for (const a of addrs) list.push(a.ip.includes(":") ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
  }
  return listWithMore(list, NONE);
}

function eventSource(component: string | undefined, host: string | undefined): string {
  if (!component) return "";
  return host ? `${component}, ${host}` : component;
}

function nodeRoles(node: Json): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const r = k.slice("node-role.kubernetes.io/".length);
      if (r) roles.add(r);
    } else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(",") : NONE;
}

function nodeAddress(node: Json, type: string): string {
  const a = (node.status?.addresses ?? []).find((x: Json) => x.type === type);
  return a?.address ?? NONE;
}

function bindingSubjects(b: Json): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of b.subjects ?? []) {
    if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
    else if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name}`);
  }
  return [users.join(", "), groups.join(", "), sas.join(", ")];
}

function ingressHosts(ing: Json): string {
  const hosts: string[] = [];
  for (const r of ing.spec?.rules ?? []) hosts.push(r.host || "*");
  return listWithMore(hosts, "*");
}

function quotaColumns(q: Json): [string, string] {
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const cell = `${r}: ${used[r] ?? "0"}/${hard[r]}`;
    (r.startsWith("limits.") ? lim : req).push(cell);
  }
  return [req.join(", "), lim.join(", ")];
}

function podPrinter(): Printer {
  return {
    columns: [
      NAME,
      col("Ready", "string", 0, "", "The aggregate readiness state of this pod for accepting traffic."),
      col("Status", "string", 0, "", "The aggregate status of the containers in this pod."),
      col("Restarts", "string", 0, "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      AGE,
      col("IP", "string", 1, "", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
      col("Node", "string", 1, "", "NodeName is a request to schedule this pod onto a specific node."),
      col("Nominated Node", "string", 1, "", "nominatedNodeName is set only when this pod preempts other pods on the node."),
      col("Readiness Gates", "string", 1, "", "If specified, all readiness gates will be evaluated for pod readiness."),
    ],
    cells(p, now) {
      const c = podCells(p, now);
      const ip = p.status?.podIPs?.[0]?.ip || p.status?.podIP || NONE;
      const gates: Json[] = p.spec?.readinessGates ?? [];
      let gatesCell = NONE;
      if (gates.length) {
        const trueConds = gates.filter((g) => (p.status?.conditions ?? []).some((c2: Json) => c2.type === g.conditionType && c2.status === "True")).length;
        gatesCell = `${trueConds}/${gates.length}`;
      }
      return [p.metadata.name, c.ready, c.status, c.restarts, age(p.metadata.creationTimestamp, now), ip, p.spec?.nodeName || NONE, p.status?.nominatedNodeName || NONE, gatesCell];
    },
  };
}

const CONTAINERS = col("Containers", "string", 1, "", "Names of each container in the template.");
const IMAGES = col("Images", "string", 1, "", "Images referenced by each container in the template.");
const SELECTOR = col("Selector", "string", 1, "", "Label selector for pods.");

export const PRINTERS: Record<string, Printer> = {
  "/pods": podPrinter(),
  "apps/deployments": {
    columns: [NAME, col("Ready"), col("Up-to-date", "integer"), col("Available", "integer"), AGE, CONTAINERS, IMAGES, SELECTOR],
    cells: (d, now) => [
      d.metadata.name,
      `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(d.metadata.creationTimestamp, now),
      ...containersCells(d.spec?.template?.spec),
      formatLabelSelector(d.spec?.selector),
    ],
  },
  "apps/replicasets": {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), AGE, CONTAINERS, IMAGES, SELECTOR],
    cells: (r, now) => [
      r.metadata.name,
      int(r.spec?.replicas),
      int(r.status?.replicas),
      int(r.status?.readyReplicas),
      age(r.metadata.creationTimestamp, now),
      ...containersCells(r.spec?.template?.spec),
      formatLabelSelector(r.spec?.selector),
    ],
  },
  "apps/statefulsets": {
    columns: [NAME, col("Ready"), AGE, CONTAINERS, IMAGES],
    cells: (s, now) => [s.metadata.name, `${int(s.status?.readyReplicas)}/${int(s.spec?.replicas)}`, age(s.metadata.creationTimestamp, now), ...containersCells(s.spec?.template?.spec)],
  },
  "apps/daemonsets": {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), col("Up-to-date", "integer"), col("Available", "integer"), col("Node Selector"), AGE, CONTAINERS, IMAGES, SELECTOR],
    cells: (d, now) => [
      d.metadata.name,
      int(d.status?.desiredNumberScheduled),
      int(d.status?.currentNumberScheduled),
      int(d.status?.numberReady),
      int(d.status?.updatedNumberScheduled),
      int(d.status?.numberAvailable),
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(d.metadata.creationTimestamp, now),
      ...containersCells(d.spec?.template?.spec),
      formatLabelSelector(d.spec?.selector),
    ],
  },
  "/services": {
    columns: [NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, col("Selector", "string", 1)],
    cells: (s, now) => [
      s.metadata.name,
      s.spec?.type ?? "ClusterIP",
      s.spec?.clusterIP || NONE,
      serviceExternalIP(s),
      servicePorts(s),
      age(s.metadata.creationTimestamp, now),
      formatLabels(s.spec?.selector),
    ],
  },
  "/endpoints": {
    columns: [NAME, col("Endpoints"), AGE],
    cells: (e, now) => [e.metadata.name, formatEndpoints(e), age(e.metadata.creationTimestamp, now)],
  },
  "/events": eventPrinter(),
  "events.k8s.io/events": eventPrinter(),
  "/configmaps": {
    columns: [NAME, col("Data", "integer"), AGE],
    cells: (c, now) => [c.metadata.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c.metadata.creationTimestamp, now)],
  },
  "/secrets": {
    columns: [NAME, col("Type"), col("Data", "integer"), AGE],
    cells: (s, now) => [s.metadata.name, s.type ?? "Opaque", Object.keys(s.data ?? {}).length, age(s.metadata.creationTimestamp, now)],
  },
  "/namespaces": {
    columns: [NAME, col("Status"), AGE],
    cells: (n, now) => [n.metadata.name, n.status?.phase ?? "", age(n.metadata.creationTimestamp, now)],
  },
  "/nodes": {
    columns: [NAME, col("Status"), col("Roles"), AGE, col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    cells: (n, now) => {
      const status: string[] = [];
      const ready = (n.status?.conditions ?? []).find((c: Json) => c.type === "Ready");
      if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
      if (!status.length) status.push("Unknown");
      if (n.spec?.unschedulable) status.push("SchedulingDisabled");
      const info = n.status?.nodeInfo ?? {};
      return [
        n.metadata.name,
        status.join(","),
        nodeRoles(n),
        age(n.metadata.creationTimestamp, now),
        info.kubeletVersion ?? "",
        nodeAddress(n, "InternalIP"),
        nodeAddress(n, "ExternalIP"),
        info.osImage || "<unknown>",
        info.kernelVersion || "<unknown>",
        info.containerRuntimeVersion || "<unknown>",
      ];
    },
  },
  "/persistentvolumeclaims": {
    columns: [NAME, col("Status"), col("Volume"), col("Capacity"), col("Access Modes"), col("StorageClass"), col("VolumeAttributesClass"), AGE, col("VolumeMode", "string", 1)],
    cells: (c, now) => {
      const bound = !!c.spec?.volumeName;
      return [
        c.metadata.name,
        c.metadata.deletionTimestamp ? "Terminating" : (c.status?.phase ?? ""),
        c.spec?.volumeName ?? "",
        bound ? (c.status?.capacity?.storage ?? "") : "",
        bound ? accessModes(c.status?.accessModes) : "",
        c.spec?.storageClassName ?? c.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "",
        c.spec?.volumeAttributesClassName || UNSET,
        age(c.metadata.creationTimestamp, now),
        c.spec?.volumeMode ?? UNSET,
      ];
    },
  },
  "/persistentvolumes": {
    columns: [NAME, col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"), col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), AGE, col("VolumeMode", "string", 1)],
    cells: (v, now) => {
      const ref = v.spec?.claimRef;
      return [
        v.metadata.name,
        v.spec?.capacity?.storage ?? "",
        accessModes(v.spec?.accessModes),
        v.spec?.persistentVolumeReclaimPolicy ?? "",
        v.metadata.deletionTimestamp ? "Terminating" : (v.status?.phase ?? ""),
        ref ? `${ref.namespace}/${ref.name}` : "",
        v.spec?.storageClassName ?? "",
        v.spec?.volumeAttributesClassName || UNSET,
        v.status?.reason ?? "",
        age(v.metadata.creationTimestamp, now),
        v.spec?.volumeMode ?? UNSET,
      ];
    },
  },
  "storage.k8s.io/storageclasses": {
    columns: [NAME, col("Provisioner"), col("ReclaimPolicy"), col("VolumeBindingMode"), col("AllowVolumeExpansion", "string"), AGE],
    cells: (s, now) => {
      const a = s.metadata.annotations ?? {};
      const isDefault = a["storageclass.kubernetes.io/is-default-class"] === "true" || a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      return [
        isDefault ? `${s.metadata.name} (default)` : s.metadata.name,
        s.provisioner ?? "",
        s.reclaimPolicy ?? "Delete",
        s.volumeBindingMode ?? "Immediate",
        String(s.allowVolumeExpansion ?? false),
        age(s.metadata.creationTimestamp, now),
      ];
    },
  },
  "networking.k8s.io/ingresses": {
    columns: [NAME, col("Class"), col("Hosts"), col("Address"), col("Ports"), AGE],
    cells: (i, now) => [
      i.metadata.name,
      i.spec?.ingressClassName || NONE,
      ingressHosts(i),
      loadBalancerAddresses(i.status?.loadBalancer).join(","),
      (i.spec?.tls ?? []).length ? "80, 443" : "80",
      age(i.metadata.creationTimestamp, now),
    ],
  },
  "networking.k8s.io/ingressclasses": {
    columns: [NAME, col("Controller"), col("Parameters"), AGE],
    cells: (c, now) => {
      const p = c.spec?.parameters;
      return [c.metadata.name, c.spec?.controller ?? "", p ? `${p.kind}/${p.name}` : NONE, age(c.metadata.creationTimestamp, now)];
    },
  },
  "networking.k8s.io/networkpolicies": {
    columns: [NAME, col("Pod-Selector"), AGE],
    cells: (n, now) => [n.metadata.name, formatLabelSelector(n.spec?.podSelector), age(n.metadata.creationTimestamp, now)],
  },
  "rbac.authorization.k8s.io/roles": createdAtPrinter(),
  "rbac.authorization.k8s.io/clusterroles": createdAtPrinter(),
  "rbac.authorization.k8s.io/rolebindings": bindingPrinter(),
  "rbac.authorization.k8s.io/clusterrolebindings": bindingPrinter(),
  "/serviceaccounts": {
    columns: [NAME, col("Secrets", "integer"), AGE],
    cells: (s, now) => [s.metadata.name, (s.secrets ?? []).length, age(s.metadata.creationTimestamp, now)],
  },
  "/resourcequotas": {
    columns: [NAME, AGE, col("Request"), col("Limit")],
    cells: (q, now) => [q.metadata.name, age(q.metadata.creationTimestamp, now), ...quotaColumns(q)],
  },
  "/limitranges": createdAtPrinter(),
  "discovery.k8s.io/endpointslices": {
    columns: [NAME, col("AddressType"), col("Ports"), col("Endpoints"), AGE],
    cells: (s, now) => {
      const ports: Json[] = s.ports ?? [];
      const addrs: string[] = [];
      for (const e of s.endpoints ?? []) for (const a of e.addresses ?? []) addrs.push(a);
      return [
        s.metadata.name,
        s.addressType ?? "",
        ports.length ? ports.map((p) => (p.port === undefined ? "<unset>" : String(p.port))).join(",") : UNSET,
        listWithMore(addrs, UNSET),
        age(s.metadata.creationTimestamp, now),
      ];
    },
  },
};

function createdAtPrinter(): Printer {
  return {
    columns: [NAME, col("Created At", "date", 0, "", "CreationTimestamp is a timestamp representing the server time when this object was created.")],
    cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)],
  };
}

function bindingPrinter(): Printer {
  return {
    columns: [NAME, col("Role"), AGE, col("Users", "string", 1), col("Groups", "string", 1), col("ServiceAccounts", "string", 1)],
    cells: (b, now) => [b.metadata.name, `${b.roleRef?.kind ?? ""}/${b.roleRef?.name ?? ""}`, age(b.metadata.creationTimestamp, now), ...bindingSubjects(b)],
  };
}

/** core/v1 and events.k8s.io/v1 events print alike (the apiserver converts both to the internal Event). */
function eventPrinter(): Printer {
  return {
    columns: [
      col("Last Seen"),
      col("Type"),
      col("Reason"),
      col("Object"),
      col("Subobject", "string", 1),
      col("Source", "string", 1),
      col("Message"),
      col("First Seen", "string", 1),
      col("Count", "integer", 1),
      col("Name", "string", 1, "name"),
    ],
    cells: (e, now) => {
      const involved = e.involvedObject ?? e.regarding ?? {};
      const firstTs = e.firstTimestamp ?? e.deprecatedFirstTimestamp;
      const lastTs = e.lastTimestamp ?? e.deprecatedLastTimestamp;
      const first = firstTs ? age(firstTs, now) : age(e.eventTime, now);
      let last = lastTs ? age(lastTs, now) : first;
      let count: number = e.count ?? e.deprecatedCount ?? 0;
      if (e.series) {
        last = age(e.series.lastObservedTime, now);
        count = e.series.count ?? count;
      } else if (!count) count = 1;
      const kind = String(involved.kind ?? "").toLowerCase();
      const target = involved.name ? `${kind}/${involved.name}` : kind;
      const source = e.source ?? e.deprecatedSource ?? {};
      return [
        last,
        e.type ?? "",
        e.reason ?? "",
        target,
        involved.fieldPath ?? "",
        eventSource(source.component || e.reportingController, source.host || e.reportingInstance),
        String(e.message ?? e.note ?? "").trim(),
        first,
        count,
        e.metadata.name,
      ];
    },
  };
}

/** kube-apiserver's default table for kinds without a printer: Name and Created At. */
export const DEFAULT_PRINTER: Printer = createdAtPrinter();

export function printerFor(group: string, resource: string): Printer {
  return PRINTERS[`${group}/${resource}`] ?? DEFAULT_PRINTER;
}

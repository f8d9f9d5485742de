/** Golden rows for each printer: the cells kube-apiserver would send for these objects. */
import { describe, expect, it } from "vitest";
import { DEFAULT_PRINTER, printerFor, RESOURCES } from "../../../../server/src/sim/resources/index.js";

const NOW = Date.parse("2026-01-01T10:00:00Z");
const created = "2026-01-01T09:50:00Z"; // 10m ago
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "ns", creationTimestamp: created, ...extra });

function row(group: string, resource: string, obj: unknown) {
  const p = printerFor(group, resource);
  return { columns: p.columns.map((c) => (c.priority ? `[${c.name}]` : c.name)), cells: p.cells(obj, NOW) };
}

describe("table printers", () => {
  it("pods", () => {
    const r = row("", "pods", {
      metadata: meta("web-1"),
      spec: { nodeName: "node-1", containers: [{ name: "web" }] },
      status: { phase: "Running", podIPs: [{ ip: "10.244.0.5" }], containerStatuses: [{ name: "web", ready: true, restartCount: 0, state: { running: {} } }] },
    });
    expect(r.columns).toEqual(["Name", "Ready", "Status", "Restarts", "Age", "[IP]", "[Node]", "[Nominated Node]", "[Readiness Gates]"]);
    expect(r.cells).toEqual(["web-1", "1/1", "Running", "0", "10m", "10.244.0.5", "node-1", "<none>", "<none>"]);
    expect(printerFor("", "pods").columns[0]!.format).toBe("name");
  });

  it("deployments", () => {
    const r = row("apps", "deployments", {
      metadata: meta("frontend"),
      spec: { replicas: 2, selector: { matchLabels: { app: "frontend" } }, template: { spec: { containers: [{ name: "web", image: "nginx:1.25" }, { name: "side", image: "busybox" }] } } },
      status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
    });
    expect(r.columns).toEqual(["Name", "Ready", "Up-to-date", "Available", "Age", "[Containers]", "[Images]", "[Selector]"]);
    expect(r.cells).toEqual(["frontend", "1/2", 2, 1, "10m", "web,side", "nginx:1.25,busybox", "app=frontend"]);
  });

  it("replicasets, statefulsets, daemonsets", () => {
    const tpl = { spec: { containers: [{ name: "c", image: "i:1" }] } };
    expect(row("apps", "replicasets", { metadata: meta("rs"), spec: { replicas: 3, selector: { matchLabels: { a: "b" } }, template: tpl }, status: { replicas: 3, readyReplicas: 2 } }).cells).toEqual([
      "rs", 3, 3, 2, "10m", "c", "i:1", "a=b",
    ]);
    expect(row("apps", "statefulsets", { metadata: meta("db"), spec: { replicas: 1, template: tpl }, status: { readyReplicas: 1 } }).cells).toEqual(["db", "1/1", "10m", "c", "i:1"]);
    const ds = row("apps", "daemonsets", { metadata: meta("agent"), spec: { selector: { matchLabels: { a: "b" } }, template: { spec: { ...tpl.spec, nodeSelector: { "kubernetes.io/os": "linux" } } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } });
    expect(ds.columns.slice(0, 8)).toEqual(["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"]);
    expect(ds.cells).toEqual(["agent", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "10m", "c", "i:1", "a=b"]);
  });

  it("services: ClusterIP, NodePort, headless, LoadBalancer pending", () => {
    const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => row("", "services", { metadata: meta("s"), spec, status }).cells;
    expect(svc({ type: "ClusterIP", clusterIP: "10.96.0.20", ports: [{ port: 80, protocol: "TCP" }], selector: { app: "web" } })).toEqual(["s", "ClusterIP", "10.96.0.20", "<none>", "80/TCP", "10m", "app=web"]);
    expect(svc({ type: "NodePort", clusterIP: "10.96.0.21", ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }] })).toEqual(["s", "NodePort", "10.96.0.21", "<none>", "80:30080/TCP,53/UDP", "10m", "<none>"]);
    expect(svc({ type: "ClusterIP", clusterIP: "None", ports: [] })).toEqual(["s", "ClusterIP", "None", "<none>", "<none>", "10m", "<none>"]);
    expect(svc({ type: "LoadBalancer", clusterIP: "10.96.0.22", ports: [{ port: 443 }] })[3]).toBe("<pending>");
  });

  it("endpoints and endpointslices", () => {
    expect(row("", "endpoints", { metadata: meta("web"), subsets: [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }, { ip: "10.0.0.3" }, { ip: "10.0.0.4" }], ports: [{ port: 80 }] }] }).cells).toEqual([
      "web",
      "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...",
      "10m",
    ]);
    expect(row("", "endpoints", { metadata: meta("none") }).cells).toEqual(["none", "<none>", "10m"]);
    expect(row("discovery.k8s.io", "endpointslices", { metadata: meta("web-abc"), addressType: "IPv4", ports: [{ port: 80 }], endpoints: [{ addresses: ["10.0.0.1"] }] }).cells).toEqual(["web-abc", "IPv4", "80", "10.0.0.1", "10m"]);
  });

  it("events: last seen, lower-case object, source, count", () => {
    const r = row("", "events", {
      metadata: meta("p.1"),
      involvedObject: { kind: "Pod", name: "web-1", fieldPath: "spec.containers{web}" },
      reason: "BackOff",
      type: "Normal",
      message: 'Back-off pulling image "x"\n',
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: "2026-01-01T09:55:00Z",
      lastTimestamp: "2026-01-01T09:59:00Z",
      count: 3,
    });
    expect(r.columns).toEqual(["Last Seen", "Type", "Reason", "Object", "[Subobject]", "[Source]", "Message", "[First Seen]", "[Count]", "[Name]"]);
    expect(r.cells).toEqual(["60s", "Normal", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1", 'Back-off pulling image "x"', "5m", 3, "p.1"]);
  });

  it("configmaps, secrets, namespaces, serviceaccounts", () => {
    expect(row("", "configmaps", { metadata: meta("c"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } }).cells).toEqual(["c", 3, "10m"]);
    expect(row("", "secrets", { metadata: meta("s"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } }).cells).toEqual(["s", "kubernetes.io/tls", 2, "10m"]);
    expect(row("", "namespaces", { metadata: meta("team-a"), status: { phase: "Terminating" } }).cells).toEqual(["team-a", "Terminating", "10m"]);
    expect(row("", "serviceaccounts", { metadata: meta("default") }).cells).toEqual(["default", 0, "10m"]);
  });

  it("nodes: status, roles, version, wide info", () => {
    const r = row("", "nodes", {
      metadata: meta("node-1", { labels: { "node-role.kubernetes.io/control-plane": "" } }),
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "True" }], addresses: [{ type: "InternalIP", address: "172.18.0.2" }], nodeInfo: { kubeletVersion: "v1.32.4", osImage: "Debian", kernelVersion: "6.1", containerRuntimeVersion: "containerd://1.7" } },
    });
    expect(r.cells).toEqual(["node-1", "Ready,SchedulingDisabled", "control-plane", "10m", "v1.32.4", "172.18.0.2", "<none>", "Debian", "6.1", "containerd://1.7"]);
  });

  it("persistentvolumeclaims: bound and pending", () => {
    const pending = row("", "persistentvolumeclaims", { metadata: meta("data"), spec: { storageClassName: "standard", resources: { requests: { storage: "1Gi" } } }, status: { phase: "Pending" } });
    expect(pending.columns).toEqual(["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "[VolumeMode]"]);
    expect(pending.cells).toEqual(["data", "Pending", "", "", "", "standard", "<unset>", "10m", "<unset>"]);
    const bound = row("", "persistentvolumeclaims", {
      metadata: meta("data"),
      spec: { storageClassName: "standard", volumeName: "pvc-1", volumeMode: "Filesystem" },
      status: { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] },
    });
    expect(bound.cells).toEqual(["data", "Bound", "pvc-1", "1Gi", "RWO", "standard", "<unset>", "10m", "Filesystem"]);
  });

  it("persistentvolumes and storageclasses", () => {
    expect(row("", "persistentvolumes", { metadata: meta("pvc-1"), spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce", "ReadOnlyMany"], persistentVolumeReclaimPolicy: "Delete", claimRef: { namespace: "ns", name: "data" }, storageClassName: "standard" }, status: { phase: "Bound" } }).cells).toEqual([
      "pvc-1", "1Gi", "RWO,ROX", "Delete", "Bound", "ns/data", "standard", "<unset>", "", "10m", "<unset>",
    ]);
    expect(row("storage.k8s.io", "storageclasses", { metadata: meta("standard", { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }), provisioner: "rancher.io/local-path", volumeBindingMode: "WaitForFirstConsumer" }).cells).toEqual([
      "standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false", "10m",
    ]);
  });

  it("ingresses, ingressclasses, networkpolicies", () => {
    expect(row("networking.k8s.io", "ingresses", { metadata: meta("tm"), spec: { ingressClassName: "nginx", rules: [{ host: "taskmaster.local" }] }, status: { loadBalancer: { ingress: [{ ip: "172.18.0.10" }] } } }).cells).toEqual([
      "tm", "nginx", "taskmaster.local", "172.18.0.10", "80", "10m",
    ]);
    expect(row("networking.k8s.io", "ingressclasses", { metadata: meta("nginx"), spec: { controller: "k8s.io/ingress-nginx" } }).cells).toEqual(["nginx", "k8s.io/ingress-nginx", "<none>", "10m"]);
    expect(row("networking.k8s.io", "networkpolicies", { metadata: meta("deny"), spec: { podSelector: {} } }).cells).toEqual(["deny", "<none>", "10m"]);
    expect(row("networking.k8s.io", "networkpolicies", { metadata: meta("db"), spec: { podSelector: { matchLabels: { app: "postgres" }, matchExpressions: [{ key: "tier", operator: "In", values: ["db", "cache"] }] } } }).cells[1]).toBe("app=postgres,tier in (cache,db)");
  });

  it("rbac kinds", () => {
    expect(row("rbac.authorization.k8s.io", "roles", { metadata: meta("reader") }).cells).toEqual(["reader", "2026-01-01T09:50:00Z"]);
    expect(row("rbac.authorization.k8s.io", "rolebindings", { metadata: meta("rb"), roleRef: { kind: "Role", name: "reader" }, subjects: [{ kind: "ServiceAccount", name: "backend", namespace: "ns" }, { kind: "User", name: "alice" }] }).cells).toEqual([
      "rb", "Role/reader", "10m", "alice", "", "ns/backend",
    ]);
  });

  it("resourcequotas and limitranges", () => {
    expect(row("", "resourcequotas", { metadata: meta("q"), status: { hard: { pods: "10", "requests.cpu": "2", "limits.memory": "4Gi" }, used: { pods: "3", "requests.cpu": "500m" } } }).cells).toEqual([
      "q", "10m", "pods: 3/10, requests.cpu: 500m/2", "limits.memory: 0/4Gi",
    ]);
    expect(row("", "limitranges", { metadata: meta("lr") }).cells).toEqual(["lr", "2026-01-01T09:50:00Z"]);
  });

  it("every served kind has a printer whose first column is the name", () => {
    for (const r of RESOURCES) {
      const p = printerFor(r.group, r.resource);
      expect(p.columns.some((c) => c.format === "name"), `${r.group}/${r.resource}`).toBe(true);
    }
    expect(DEFAULT_PRINTER.columns.map((c) => c.name)).toEqual(["Name", "Created At"]);
  });
});

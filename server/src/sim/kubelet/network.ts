/**
 * Reachability in the simulated cluster: cluster DNS, Service → ready endpoints → targetPort, and
 * NetworkPolicies (ingress and egress, default-deny semantics). Answers "can this pod open a TCP
 * connection to host:port?" and, when not, why, in the terms a real client sees: NXDOMAIN, a DNS
 * timeout (egress policy blocks DNS), connection refused (no endpoints / nothing listening), or a
 * timeout (policy drop, unknown IP, a port the Service does not expose). Pure over a ClusterView.
 */
import type { KubeObject } from "../store/types.js";
import { selectorMatches, mapSelectorMatches } from "../controllers/label-selector.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const CLUSTER_DOMAIN = "cluster.local";
/** The `kubernetes` Service in `default` (the API server). */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
/** kube-dns: Service IP (in resolv.conf) and the pod serving it, for egress policy checks on port 53. */
export const CLUSTER_DNS_IP = "10.96.0.10";
export const CLUSTER_DNS_POD = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ip: "10.244.0.2" };

export interface ClusterView {
  /** Every pod with its current status. */
  pods(): KubeObject[];
  services(namespace?: string): KubeObject[];
  networkPolicies(namespace: string): KubeObject[];
  namespaceLabels(namespace: string): Record<string, string>;
  /** TCP ports the pod's processes accept connections on right now. */
  listening(pod: KubeObject): number[];
}

/** Who opens the connection: a pod, or a host address (kubelet probes, the API server proxy). */
export type Source = { pod: KubeObject } | { hostIp: string };

export type FailureKind = "nxdomain" | "dns-timeout" | "refused" | "timeout";

export type ConnectResult =
  | { ok: true; host: string; port: number; ip: string; pod: KubeObject; podIp: string; podPort: number; service?: KubeObject }
  | { ok: false; kind: FailureKind; host: string; port: number; ip?: string; service?: KubeObject; detail: string };

export type Resolution =
  | { kind: "service"; service: KubeObject; ips: string[] }
  | { kind: "ip"; ips: string[] }
  | { kind: "nxdomain" }
  | { kind: "dns-timeout" };

function podIp(pod: KubeObject): string | undefined {
  return (pod as Json).status?.podIP || undefined;
}

function isReady(pod: KubeObject): boolean {
  return ((pod as Json).status?.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True");
}

function sourceNamespace(source: Source): string | undefined {
  return "pod" in source ? source.pod.metadata.namespace : undefined;
}

function sourceIp(source: Source): string {
  return "pod" in source ? (podIp(source.pod) ?? "") : source.hostIp;
}

/** IPv4 CIDR membership (NetworkPolicy ipBlock). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const toInt = (a: string) => a.split(".").reduce((n, o) => (n << 8) + (Number(o) & 255), 0) >>> 0;
  if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(base) & mask) === (toInt(ip) & mask);
}

/** `host:port` or a URL (`http://backend:8080/x`) → host and port (80/443 by scheme). */
export function parseHostPort(address: string): { host: string; port: number } | undefined {
  const url = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?/i.exec(address.trim());
  if (url) return { host: url[2]!, port: url[3] ? Number(url[3]) : url[1]!.toLowerCase() === "https" ? 443 : 80 };
  const hp = /^([^:/\s]+):(\d+)$/.exec(address.trim());
  return hp ? { host: hp[1]!, port: Number(hp[2]) } : undefined;
}

/** Ready pods behind a Service with the pod port its targetPort maps to (endpoints controller rules). */
export function serviceEndpoints(view: ClusterView, service: KubeObject, servicePort: Json): { pod: KubeObject; ip: string; port: number }[] {
  const spec = (service as Json).spec ?? {};
  if (!spec.selector || Object.keys(spec.selector).length === 0) return [];
  const out: { pod: KubeObject; ip: string; port: number }[] = [];
  for (const pod of view.pods()) {
    if (pod.metadata.namespace !== service.metadata.namespace || pod.metadata.deletionTimestamp) continue;
    if (!mapSelectorMatches(spec.selector, pod.metadata.labels)) continue;
    const ip = podIp(pod);
    if (!ip || !(isReady(pod) || spec.publishNotReadyAddresses)) continue;
    const port = resolvePodPort(pod, servicePort.targetPort ?? servicePort.port);
    if (port === undefined) continue;
    out.push({ pod, ip, port });
  }
  return out.sort((a, b) => (a.pod.metadata.name < b.pod.metadata.name ? -1 : 1));
}

/** A numeric port, or a named container port of the pod (undefined when the pod has no such name). */
export function resolvePodPort(pod: KubeObject, port: number | string): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const c of (pod as Json).spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  }
  return undefined;
}

/** Cluster DNS from a pod in `namespace`, with the pod's search path (`<ns>.svc.cluster.local`…). */
export function resolveName(view: ClusterView, namespace: string | undefined, rawHost: string): Resolution {
  const host = rawHost.replace(/\.$/, "").toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return { kind: "ip", ips: [host] };
  const candidates = host.endsWith(`.${CLUSTER_DOMAIN}`) || !namespace
    ? [host]
    : [`${host}.${namespace}.svc.${CLUSTER_DOMAIN}`, `${host}.svc.${CLUSTER_DOMAIN}`, `${host}.${CLUSTER_DOMAIN}`, host];
  for (const name of candidates) {
    const m = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${CLUSTER_DOMAIN.replace(".", "\\.")}$`).exec(name);
    if (!m) continue;
    const [, svcName, ns] = m;
    if (svcName === "kubernetes" && ns === "default") return { kind: "ip", ips: [KUBERNETES_SERVICE_IP] };
    const service = view.services(ns).find((s) => s.metadata.name === svcName);
    if (!service) continue;
    const spec = (service as Json).spec ?? {};
    if (spec.type === "ExternalName") return { kind: "nxdomain" };
    if (spec.clusterIP === "None") {
      const ips = view.pods()
        .filter((p) => p.metadata.namespace === ns && mapSelectorMatches(spec.selector, p.metadata.labels) && isReady(p) && podIp(p))
        .map((p) => podIp(p)!);
      return ips.length ? { kind: "service", service, ips } : { kind: "nxdomain" };
    }
    return { kind: "service", service, ips: spec.clusterIP ? [spec.clusterIP] : [] };
  }
  return { kind: "nxdomain" };
}

interface Peer {
  namespace?: string;
  labels?: Record<string, string>;
  ip: string;
}

function peerOf(source: Source): Peer {
  if ("pod" in source) return { namespace: source.pod.metadata.namespace, labels: source.pod.metadata.labels ?? {}, ip: sourceIp(source) };
  return { ip: source.hostIp };
}

function peerMatches(view: ClusterView, entry: Json, peer: Peer, policyNamespace: string): boolean {
  if (entry.ipBlock) {
    if (!cidrContains(entry.ipBlock.cidr, peer.ip)) return false;
    return !(entry.ipBlock.except ?? []).some((c: string) => cidrContains(c, peer.ip));
  }
  if (peer.namespace === undefined) return false;
  if (entry.namespaceSelector) {
    if (!selectorMatches(entry.namespaceSelector, view.namespaceLabels(peer.namespace))) return false;
  } else if (peer.namespace !== policyNamespace) {
    return false;
  }
  return entry.podSelector ? selectorMatches(entry.podSelector, peer.labels) : true;
}

function portMatches(rulePorts: Json[] | undefined, port: number, protocol: string, target: Peer & { pod?: KubeObject }): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    const n = typeof p.port === "number" ? p.port : target.pod ? resolvePodPort(target.pod, p.port) : undefined;
    if (n === undefined) return false;
    return p.endPort ? port >= n && port <= p.endPort : port === n;
  });
}

function policyTypes(policy: Json): string[] {
  if (policy.spec?.policyTypes?.length) return policy.spec.policyTypes;
  return policy.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"];
}

/**
 * Whether NetworkPolicies let `from` reach `to` on port/protocol. A pod is isolated in a direction
 * once any policy selecting it has that policyType; then some selecting policy must allow the peer.
 */
export function policyAllows(view: ClusterView, from: Peer & { pod?: KubeObject }, to: Peer & { pod?: KubeObject }, port: number, protocol = "TCP"): boolean {
  const check = (selected: Peer & { pod?: KubeObject }, other: Peer, direction: "Ingress" | "Egress", dest: Peer & { pod?: KubeObject }) => {
    if (selected.namespace === undefined || !selected.labels) return true;
    const selecting = view
      .networkPolicies(selected.namespace)
      .filter((p) => selectorMatches((p as Json).spec?.podSelector ?? {}, selected.labels) && policyTypes(p).includes(direction));
    if (selecting.length === 0) return true;
    return selecting.some((p) => {
      const rules: Json[] = (p as Json).spec?.[direction === "Ingress" ? "ingress" : "egress"] ?? [];
      return rules.some((r) => {
        const peers: Json[] | undefined = direction === "Ingress" ? r.from : r.to;
        const peerOk = !peers || peers.length === 0 || peers.some((e) => peerMatches(view, e, other, p.metadata.namespace ?? ""));
        return peerOk && portMatches(r.ports, port, protocol, dest);
      });
    });
  };
  return check(from, to, "Egress", to) && check(to, from, "Ingress", to);
}

/** Whether the pod may reach cluster DNS (UDP or TCP 53 egress). */
export function dnsAllowed(view: ClusterView, source: Source): boolean {
  if (!("pod" in source)) return true;
  const from = { ...peerOf(source), pod: source.pod };
  return policyAllows(view, from, CLUSTER_DNS_POD, 53, "UDP") || policyAllows(view, from, CLUSTER_DNS_POD, 53, "TCP");
}

function fail(kind: FailureKind, host: string, port: number, detail: string, ip?: string, service?: KubeObject): ConnectResult {
  return { ok: false, kind, host, port, ip, service, detail };
}

function connectToPod(view: ClusterView, source: Source, host: string, port: number, pod: KubeObject, ip: string, podPort: number, service?: KubeObject): ConnectResult {
  const shownIp = service ? ((service as Json).spec?.clusterIP ?? ip) : ip;
  const shownPort = service ? port : podPort;
  // kubelet probes come from the node itself and are never subject to policy (as with common CNIs)
  const fromKubelet = !("pod" in source) && source.hostIp === (pod as Json).status?.hostIP;
  if (!fromKubelet) {
    const from = { ...peerOf(source), pod: "pod" in source ? source.pod : undefined };
    const to = { namespace: pod.metadata.namespace, labels: pod.metadata.labels ?? {}, ip, pod };
    if (!policyAllows(view, from, to, podPort)) return fail("timeout", host, port, `dial tcp ${shownIp}:${shownPort}: i/o timeout`, shownIp, service);
  }
  if (!view.listening(pod).includes(podPort)) {
    return fail("refused", host, port, `dial tcp ${shownIp}:${shownPort}: connect: connection refused`, shownIp, service);
  }
  return { ok: true, host, port, ip: shownIp, pod, podIp: ip, podPort, service };
}

/**
 * Opens (in the model) a TCP connection from `source` to `host:port`. `pick` chooses among several
 * ready endpoints (round-robin in callers; 0 by default) so answers are deterministic.
 */
export function connect(view: ClusterView, source: Source, host: string, port: number, pick = 0): ConnectResult {
  const namespace = sourceNamespace(source);
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  if (!isIp && !dnsAllowed(view, source)) return fail("dns-timeout", host, port, `lookup ${host} on ${CLUSTER_DNS_IP}:53: read udp: i/o timeout`);
  const res = resolveName(view, namespace, host);
  if (res.kind === "nxdomain") return fail("nxdomain", host, port, `lookup ${host} on ${CLUSTER_DNS_IP}:53: no such host`);
  if (res.kind === "dns-timeout") return fail("dns-timeout", host, port, `lookup ${host} on ${CLUSTER_DNS_IP}:53: read udp: i/o timeout`);
  const ip = res.ips[pick % res.ips.length]!;
  if (ip === KUBERNETES_SERVICE_IP) {
    return port === 443 ? fail("refused", host, port, "the Kubernetes API is not reachable over raw TCP in the simulation", ip) : fail("timeout", host, port, `dial tcp ${ip}:${port}: i/o timeout`, ip);
  }
  const service = res.kind === "service" && (res.service as Json).spec?.clusterIP !== "None"
    ? res.service
    : view.services().find((s) => (s as Json).spec?.clusterIP === ip);
  if (service) {
    const svcPort = ((service as Json).spec?.ports ?? []).find((p: Json) => p.port === port && (p.protocol ?? "TCP") === "TCP");
    if (!svcPort) return fail("timeout", host, port, `dial tcp ${ip}:${port}: i/o timeout`, ip, service);
    const endpoints = serviceEndpoints(view, service, svcPort);
    if (endpoints.length === 0) return fail("refused", host, port, `dial tcp ${ip}:${port}: connect: connection refused`, ip, service);
    const ep = endpoints[pick % endpoints.length]!;
    return connectToPod(view, source, host, port, ep.pod, ep.ip, ep.port, service);
  }
  const pod = view.pods().find((p) => podIp(p) === ip && !p.metadata.deletionTimestamp);
  if (!pod) return fail("timeout", host, port, `dial tcp ${ip}:${port}: i/o timeout`, ip);
  return connectToPod(view, source, host, port, pod, ip, port);
}

import { describe, expect, test } from "vitest";
import { cidrContains, connect, parseHostPort, policyAllows, resolveName, type ClusterView } from "../../../../server/src/sim/kubelet/network.js";
import type { KubeObject } from "../../../../server/src/sim/store/types.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function pod(ns: string, name: string, ip: string, labels: Record<string, string>, ports: Json[] = [], ready = true): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, labels },
    spec: { containers: [{ name: "c", ports }] },
    status: { podIP: ip, hostIP: "172.18.0.3", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  };
}

function service(ns: string, name: string, ip: string, selector: Record<string, string>, ports: Json[]): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns }, spec: { clusterIP: ip, selector, ports } };
}

function policy(ns: string, name: string, spec: Json): KubeObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec };
}

const frontend = pod("team-a", "frontend-1", "10.244.1.10", { app: "frontend" }, [{ name: "http", containerPort: 80 }]);
const backend = pod("team-a", "backend-1", "10.244.1.11", { app: "backend" }, [{ name: "http", containerPort: 8080 }]);
const backendUnready = pod("team-a", "backend-2", "10.244.1.12", { app: "backend" }, [{ name: "http", containerPort: 8080 }], false);
const postgres = pod("team-a", "postgres-1", "10.244.2.10", { app: "postgres" }, [{ containerPort: 5432 }]);
const debug = pod("team-b", "debug", "10.244.3.10", { run: "debug" });

function view(opts: { services?: KubeObject[]; policies?: KubeObject[]; extraPods?: KubeObject[]; nsLabels?: Record<string, Record<string, string>> } = {}): ClusterView {
  const listening = new Map<string, number[]>([
    [frontend.metadata.uid!, [80]],
    [backend.metadata.uid!, [8080]],
    [backendUnready.metadata.uid!, [8080]],
    [postgres.metadata.uid!, [5432]],
  ]);
  const pods = [frontend, backend, backendUnready, postgres, debug, ...(opts.extraPods ?? [])];
  const services = opts.services ?? [
    service("team-a", "frontend", "10.96.0.20", { app: "frontend" }, [{ port: 80, targetPort: "http" }]),
    service("team-a", "backend", "10.96.0.21", { app: "backend" }, [{ port: 8080, targetPort: "http" }]),
    service("team-a", "postgres", "10.96.0.22", { app: "postgres" }, [{ port: 5432, targetPort: 5432 }]),
  ];
  return {
    pods: () => pods,
    services: (ns) => (ns ? services.filter((s) => s.metadata.namespace === ns) : services),
    networkPolicies: (ns) => (opts.policies ?? []).filter((p) => p.metadata.namespace === ns),
    namespaceLabels: (ns) => ({ "kubernetes.io/metadata.name": ns, ...(opts.nsLabels?.[ns] ?? {}) }),
    listening: (p) => listening.get(p.metadata.uid!) ?? [],
  };
}

const from = (p: KubeObject) => ({ pod: p });
const summary = (r: ReturnType<typeof connect>) => (r.ok ? `ok ${r.podIp}:${r.podPort}` : `${r.kind}: ${r.detail}`);

describe("cluster DNS names", () => {
  test.each([
    ["postgres", "ok 10.244.2.10:5432"],
    ["postgres.team-a", "ok 10.244.2.10:5432"],
    ["postgres.team-a.svc", "ok 10.244.2.10:5432"],
    ["postgres.team-a.svc.cluster.local", "ok 10.244.2.10:5432"],
    ["postgres.team-a.svc.cluster.local.", "ok 10.244.2.10:5432"],
    ["postgress", "nxdomain: lookup postgress on 10.96.0.10:53: no such host"],
    ["postgres.team-b", "nxdomain: lookup postgres.team-b on 10.96.0.10:53: no such host"],
  ])("%s:5432 from backend", (host, expected) => {
    expect(summary(connect(view(), from(backend), host, 5432))).toBe(expected);
  });

  test("a short name only resolves in the pod's own namespace", () => {
    expect(summary(connect(view(), from(debug), "postgres", 5432))).toMatch(/^nxdomain/);
    expect(summary(connect(view(), from(debug), "postgres.team-a", 5432))).toBe("ok 10.244.2.10:5432");
  });

  test("a headless Service resolves to its ready pods", () => {
    const v = view({ services: [{ ...service("team-a", "backend-headless", "None", { app: "backend" }, [{ port: 8080 }]) }] });
    expect(resolveName(v, "team-a", "backend-headless")).toMatchObject({ kind: "service", ips: ["10.244.1.11"] });
  });
});

describe("Service → endpoints → targetPort", () => {
  test("endpoints are the ready pods only", () => {
    for (let pick = 0; pick < 3; pick++) expect(summary(connect(view(), from(frontend), "backend", 8080, pick))).toBe("ok 10.244.1.11:8080");
  });

  test("a selector that matches nothing: no endpoints → connection refused", () => {
    const v = view({ services: [service("team-a", "backend", "10.96.0.21", { app: "backend-v2" }, [{ port: 8080, targetPort: 8080 }])] });
    expect(summary(connect(v, from(frontend), "backend", 8080))).toBe("refused: dial tcp 10.96.0.21:8080: connect: connection refused");
  });

  test("a targetPort nothing listens on → connection refused from the pod", () => {
    const v = view({ services: [service("team-a", "backend", "10.96.0.21", { app: "backend" }, [{ port: 8080, targetPort: 8081 }])] });
    expect(summary(connect(v, from(frontend), "backend", 8080))).toBe("refused: dial tcp 10.96.0.21:8080: connect: connection refused");
  });

  test("a named targetPort the pods do not declare leaves the Service without endpoints", () => {
    const v = view({ services: [service("team-a", "backend", "10.96.0.21", { app: "backend" }, [{ port: 8080, targetPort: "web" }])] });
    expect(summary(connect(v, from(frontend), "backend", 8080))).toMatch(/^refused/);
  });

  test("a port the Service does not expose times out", () => {
    expect(summary(connect(view(), from(frontend), "backend", 80))).toBe("timeout: dial tcp 10.96.0.21:80: i/o timeout");
  });

  test("pod IPs are reachable directly; unknown IPs time out", () => {
    expect(summary(connect(view(), from(frontend), "10.244.2.10", 5432))).toBe("ok 10.244.2.10:5432");
    expect(summary(connect(view(), from(frontend), "10.244.2.10", 5433))).toMatch(/^refused/);
    expect(summary(connect(view(), from(frontend), "10.1.2.3", 80))).toMatch(/^timeout/);
  });
});

describe("NetworkPolicies", () => {
  const denyAll = policy("team-a", "default-deny", { podSelector: {}, policyTypes: ["Ingress"] });
  const allowBackendToDb = policy("team-a", "db-from-backend", {
    podSelector: { matchLabels: { app: "postgres" } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: "backend" } } }], ports: [{ port: 5432 }] }],
  });

  test("default-deny ingress drops the connection (timeout)", () => {
    expect(summary(connect(view({ policies: [denyAll] }), from(backend), "postgres", 5432))).toBe("timeout: dial tcp 10.96.0.22:5432: i/o timeout");
  });

  test("an allow rule opens exactly the selected peers and ports", () => {
    const v = view({ policies: [denyAll, allowBackendToDb] });
    expect(summary(connect(v, from(backend), "postgres", 5432))).toBe("ok 10.244.2.10:5432");
    expect(summary(connect(v, from(frontend), "postgres", 5432))).toMatch(/^timeout/);
  });

  test("a podSelector peer only matches pods of the policy's namespace; namespaceSelector widens it", () => {
    const other = pod("team-b", "backend-x", "10.244.3.11", { app: "backend" });
    const v = view({ policies: [denyAll, allowBackendToDb], extraPods: [other] });
    expect(summary(connect(v, from(other), "postgres.team-a", 5432))).toMatch(/^timeout/);
    const wide = policy("team-a", "db-from-team-b", {
      podSelector: { matchLabels: { app: "postgres" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "team-b" } }, podSelector: { matchLabels: { app: "backend" } } }] }],
    });
    expect(summary(connect(view({ policies: [denyAll, wide], extraPods: [other] }), from(other), "postgres.team-a", 5432))).toBe("ok 10.244.2.10:5432");
  });

  test("default-deny egress also blocks DNS; allowing port 53 brings names back", () => {
    const denyEgress = policy("team-a", "deny-egress", { podSelector: { matchLabels: { app: "backend" } }, policyTypes: ["Egress"] });
    expect(summary(connect(view({ policies: [denyEgress] }), from(backend), "postgres", 5432))).toBe("dns-timeout: lookup postgres on 10.96.0.10:53: read udp: i/o timeout");
    const dns = policy("team-a", "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] }],
    });
    expect(summary(connect(view({ policies: [denyEgress, dns] }), from(backend), "postgres", 5432))).toMatch(/^timeout/);
    const toDb = policy("team-a", "backend-to-db", { podSelector: { matchLabels: { app: "backend" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "postgres" } } }] }] });
    expect(summary(connect(view({ policies: [denyEgress, dns, toDb] }), from(backend), "postgres", 5432))).toBe("ok 10.244.2.10:5432");
  });

  test("ipBlock peers and named ports", () => {
    const v = view();
    const to = { namespace: "team-a", labels: { app: "backend" }, ip: "10.244.1.11", pod: backend };
    v.networkPolicies = () => [policy("team-a", "p", { podSelector: { matchLabels: { app: "backend" } }, ingress: [{ from: [{ ipBlock: { cidr: "10.244.1.0/24", except: ["10.244.1.10/32"] } }], ports: [{ port: "http" }] }] })];
    expect(policyAllows(v, { ip: "10.244.1.99" }, to, 8080)).toBe(true);
    expect(policyAllows(v, { ip: "10.244.1.10" }, to, 8080)).toBe(false);
    expect(policyAllows(v, { ip: "10.244.1.99" }, to, 9090)).toBe(false);
  });

  test("cidrContains and parseHostPort", () => {
    expect(cidrContains("10.244.0.0/16", "10.244.3.4")).toBe(true);
    expect(cidrContains("10.244.0.0/16", "10.245.0.1")).toBe(false);
    expect(parseHostPort("http://backend:8080")).toEqual({ host: "backend", port: 8080 });
    expect(parseHostPort("http://backend")).toEqual({ host: "backend", port: 80 });
    expect(parseHostPort("postgres:5432")).toEqual({ host: "postgres", port: 5432 });
    expect(parseHostPort(":5432")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { endpointSubsets, podEndpoints, resolveTargetPort } from "../../../../server/src/sim/controllers/endpoints.js";
import { ENDPOINTS, ENDPOINT_SLICES, PODS, SERVICES } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";
import { startCluster } from "./harness.js";

const svc = (name: string, selector: Record<string, string> | undefined, ports: Json[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "team-a", labels: { app: name } },
  spec: { ...(selector ? { selector } : {}), ports },
});

function pod(name: string, labels: Record<string, string>, ip: string | undefined, containerPorts: Json[] = [{ name: "http", containerPort: 8080 }]): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "team-a", labels },
    spec: { nodeName: "node-1", containers: [{ name: "app", image: "x", ports: containerPorts }] },
    status: ip ? { phase: "Running", podIP: ip } : { phase: "Pending" },
  };
}

describe("endpoints (pure)", () => {
  const p = (over: Json = {}) => ({ metadata: { name: "p", labels: { app: "web" } }, spec: { containers: [{ ports: [{ name: "http", containerPort: 8080 }] }] }, status: { podIP: "10.0.0.1", conditions: [{ type: "Ready", status: "True" }] }, ...over });
  it.each([
    [{ port: 80, targetPort: 8080 }, 8080],
    [{ port: 80, targetPort: "http" }, 8080],
    [{ port: 80 }, 80],
    [{ port: 80, targetPort: "web" }, undefined],
    [{ port: 80, targetPort: "9090" }, 9090],
  ])("targetPort %j → %s", (sp, want) => {
    expect(resolveTargetPort(sp, p())).toBe(want);
  });
  it("ready pods are addresses, unready pods notReadyAddresses, pods without an IP or with an unknown named port are left out", () => {
    const s = { spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] } };
    const eps = podEndpoints(s, [
      p(),
      p({ metadata: { name: "q", labels: { app: "web" } }, status: { podIP: "10.0.0.2", conditions: [{ type: "Ready", status: "False" }] } }),
      p({ metadata: { name: "r", labels: { app: "web" } }, status: {} }),
      p({ metadata: { name: "s", labels: { app: "web" } }, spec: { containers: [{ ports: [{ name: "other", containerPort: 1 }] }] } }),
      p({ metadata: { name: "t", labels: { app: "api" } } }),
    ]);
    expect(endpointSubsets(eps)).toEqual([
      {
        addresses: [{ ip: "10.0.0.1", targetRef: { kind: "Pod", name: "p", namespace: undefined, uid: undefined } }],
        notReadyAddresses: [{ ip: "10.0.0.2", targetRef: { kind: "Pod", name: "q", namespace: undefined, uid: undefined } }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });
});

describe("endpoints controller (with store)", () => {
  it("follows pod readiness and selector changes; leaves selector-less services alone", () => {
    const c = startCluster({ only: ["endpoint-controller"] });
    c.store.create(SERVICES, svc("backend", { app: "backend" }, [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }]));
    c.store.create(SERVICES, svc("external", undefined, [{ port: 5432 }]));
    c.settle();
    let ep = c.store.get(ENDPOINTS, "team-a", "backend") as Json;
    expect(ep.subsets).toBeUndefined();
    expect(c.store.get(ENDPOINTS, "team-a", "external")).toBeUndefined();
    const slices = () => c.store.list(ENDPOINT_SLICES, { namespace: "team-a" }).items as Json[];
    expect(slices()).toHaveLength(1);
    expect(slices()[0]).toMatchObject({ addressType: "IPv4", endpoints: null, metadata: { labels: { "kubernetes.io/service-name": "backend" } } });

    c.store.create(PODS, pod("backend-1", { app: "backend" }, "10.244.1.5"));
    c.settle();
    ep = c.store.get(ENDPOINTS, "team-a", "backend") as Json;
    expect(ep.subsets).toEqual([{ notReadyAddresses: [expect.objectContaining({ ip: "10.244.1.5", nodeName: "node-1" })], ports: [{ name: "http", port: 8080, protocol: "TCP" }] }]);

    c.markReady();
    c.settle();
    ep = c.store.get(ENDPOINTS, "team-a", "backend") as Json;
    expect(ep.subsets[0].addresses).toHaveLength(1);
    expect(ep.subsets[0].notReadyAddresses).toBeUndefined();
    expect(slices()[0].endpoints[0]).toMatchObject({ addresses: ["10.244.1.5"], conditions: { ready: true, serving: true, terminating: false } });

    // relabel the pod out of the selector: it leaves the endpoints
    const p = c.store.get(PODS, "team-a", "backend-1") as Json;
    p.metadata.labels.app = "debug";
    c.store.update(PODS, p);
    c.settle();
    expect((c.store.get(ENDPOINTS, "team-a", "backend") as Json).subsets).toBeUndefined();

    // a selector typo matches nothing, the fix brings endpoints back
    const s = c.store.get(SERVICES, "team-a", "backend") as Json;
    s.spec.selector = { app: "debug" };
    c.store.update(SERVICES, s);
    c.settle();
    expect((c.store.get(ENDPOINTS, "team-a", "backend") as Json).subsets[0].addresses[0].ip).toBe("10.244.1.5");

    c.store.delete(SERVICES, "team-a", "backend");
    c.settle();
    expect(c.store.get(ENDPOINTS, "team-a", "backend")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { DEPLOYMENTS, LIMIT_RANGES, PODS, REPLICA_SETS, RESOURCE_QUOTAS, SERVICES } from "../../../../server/src/sim/controllers/gvr.js";
import { validateLimits } from "../../../../server/src/sim/controllers/limit-ranger.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { formatQuantity, parseMilli } from "../../../../server/src/sim/controllers/quantity.js";
import { checkQuota } from "../../../../server/src/sim/controllers/quota.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";
import { makeDeployment, startCluster } from "./harness.js";

const quota = (hard: Record<string, string>, name = "team-quota"): KubeObject => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace: "team-a" }, spec: { hard } });

describe("quantities", () => {
  it.each([
    ["100m", "cpu", 100, "100m"],
    ["1", "cpu", 1000, "1"],
    ["1.5", "cpu", 1500, "1500m"],
    ["256Mi", "memory", 256 * 2 ** 20 * 1000, "256Mi"],
    ["1Gi", "limits.memory", 2 ** 30 * 1000, "1Gi"],
    ["1024Mi", "memory", 2 ** 30 * 1000, "1Gi"],
    ["1G", "memory", 1e9 * 1000, "1G"],
    ["3", "pods", 3000, "3"],
  ])("%s (%s)", (text, resource, milli, canonical) => {
    expect(parseMilli(text)).toBe(milli);
    expect(formatQuantity(resource, milli)).toBe(canonical);
  });
});

describe("quota check (pure)", () => {
  const pods = { group: "", version: "v1", resource: "pods" };
  const podWith = (resources: Json): Json => ({ metadata: { name: "", generateName: "frontend-x-" }, spec: { containers: [{ name: "frontend", resources }] } });
  it("exceeded quota wording", () => {
    const q: Json = { metadata: { name: "team-quota" }, spec: { hard: { "limits.memory": "1Gi" } } };
    const used = { "limits.memory": 2 ** 30 * 1000 };
    expect(checkQuota(q, pods, podWith({ limits: { memory: "256Mi" } }), used)).toBe(
      "exceeded quota: team-quota, requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi",
    );
  });
  it("several exceeded resources are sorted and comma-joined", () => {
    const q: Json = { metadata: { name: "q" }, spec: { hard: { pods: "2", "requests.cpu": "1" } } };
    expect(checkQuota(q, pods, podWith({ requests: { cpu: "500m" } }), { pods: 2000, "requests.cpu": 800 })).toBe(
      "exceeded quota: q, requested: pods=1,requests.cpu=500m, used: pods=2,requests.cpu=800m, limited: pods=2,requests.cpu=1",
    );
  });
  it("must specify limits for a quota on limits", () => {
    const q: Json = { metadata: { name: "team-quota" }, spec: { hard: { "limits.memory": "1Gi", "requests.cpu": "2" } } };
    expect(checkQuota(q, pods, podWith({ requests: { cpu: "100m" } }), {})).toBe("failed quota: team-quota: must specify limits.memory for: frontend");
  });
});

describe("LimitRange validation (pure)", () => {
  const lr = (item: Json): Json => ({ spec: { limits: [{ type: "Container", ...item }] } });
  const pod = (resources: Json): Json => ({ spec: { containers: [{ name: "app", resources }] } });
  it.each([
    [{ max: { memory: "1Gi" } }, { limits: { memory: "2Gi" } }, ["maximum memory usage per Container is 1Gi, but limit is 2Gi"]],
    [{ max: { memory: "1Gi" } }, {}, ["maximum memory usage per Container is 1Gi.  No limit is specified"]],
    [{ min: { cpu: "100m" } }, { requests: { cpu: "50m" } }, ["minimum cpu usage per Container is 100m, but request is 50m"]],
    [{ min: { cpu: "100m" } }, {}, ["minimum cpu usage per Container is 100m.  No request is specified"]],
    [{ min: { cpu: "100m" }, max: { cpu: "1" } }, { requests: { cpu: "200m" }, limits: { cpu: "500m" } }, []],
  ])("%j on %j", (item, resources, want) => {
    expect(validateLimits(pod(resources), [lr(item)])).toEqual(want);
  });
});

describe("quota and LimitRange admission (with store)", () => {
  it("ReplicaSet gets FailedCreate with the quota message, retries with back-off, and recovers when quota grows", () => {
    const c = startCluster({ only: ["resourcequota-controller", "deployment-controller", "replicaset-controller"] });
    c.store.create(RESOURCE_QUOTAS, quota({ "limits.memory": "1Gi" }));
    const d = makeDeployment("frontend", { replicas: 5 }) as Json;
    d.spec.template.spec.containers[0].resources = { limits: { memory: "256Mi" } };
    c.store.create(DEPLOYMENTS, d);
    c.settle();
    expect(c.pods()).toHaveLength(4);
    const rs = c.replicaSets()[0];
    const failed = c.events().filter((e) => e.reason === "FailedCreate");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: "Warning",
      source: { component: "replicaset-controller" },
      involvedObject: { kind: "ReplicaSet", name: rs.metadata.name },
      message: `Error creating: pods "${rs.metadata.name}-" is forbidden: exceeded quota: team-quota, requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi`,
    });
    expect(rs.status.conditions[0]).toMatchObject({ type: "ReplicaFailure", status: "True", reason: "FailedCreate" });
    expect(c.deployment("frontend").status.conditions.map((x: Json) => x.type)).toContain("ReplicaFailure");
    const q = c.store.get(RESOURCE_QUOTAS, "team-a", "team-quota") as Json;
    expect(q.status).toEqual({ hard: { "limits.memory": "1Gi" }, used: { "limits.memory": "1Gi" } });

    c.settle(60_000);
    const count = c.events().find((e) => e.reason === "FailedCreate")!.count;
    expect(count).toBeGreaterThan(5); // exponential back-off: 5ms, 10ms, … ~13 tries in a minute
    expect(count).toBeLessThan(20);

    // the back-off has grown to seconds by now, but a quota change retries the failing ReplicaSet at once
    q.spec.hard["limits.memory"] = "2Gi";
    c.store.update(RESOURCE_QUOTAS, q);
    c.settle();
    expect(c.pods()).toHaveLength(5);
    expect((c.store.get(REPLICA_SETS, "team-a", rs.metadata.name) as Json).status.conditions).toBeUndefined();
    expect((c.store.get(RESOURCE_QUOTAS, "team-a", "team-quota") as Json).status.used).toEqual({ "limits.memory": "1280Mi" });
  });

  it("must specify limits.memory when the quota constrains limits and the pod has none", () => {
    const c = startCluster({ only: ["resourcequota-controller"] });
    c.store.create(RESOURCE_QUOTAS, quota({ "limits.memory": "1Gi" }));
    expect(() => c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "frontend", namespace: "team-a" }, spec: { containers: [{ name: "frontend", image: "nginx" }] } })).toThrow(
      'pods "frontend" is forbidden: failed quota: team-quota: must specify limits.memory for: frontend',
    );
  });

  it("counts services and object counts", () => {
    const c = startCluster({ only: ["resourcequota-controller"] });
    c.store.create(RESOURCE_QUOTAS, quota({ services: "1", "count/deployments.apps": "5" }));
    c.store.create(SERVICES, { apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: "team-a" }, spec: { ports: [{ port: 80 }] } });
    c.store.create(DEPLOYMENTS, makeDeployment("x"));
    expect(() => c.store.create(SERVICES, { apiVersion: "v1", kind: "Service", metadata: { name: "b", namespace: "team-a" }, spec: { ports: [{ port: 80 }] } })).toThrow(
      'services "b" is forbidden: exceeded quota: team-quota, requested: services=1, used: services=1, limited: services=1',
    );
    c.settle();
    expect((c.store.get(RESOURCE_QUOTAS, "team-a", "team-quota") as Json).status.used).toEqual({ services: "1", "count/deployments.apps": "1" });
  });

  it("LimitRange fills defaults and annotates the pod; max is enforced with a 403", () => {
    const c = startCluster({ only: ["resourcequota-controller"] });
    c.store.create(LIMIT_RANGES, {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: "limits", namespace: "team-a" },
      spec: { limits: [{ type: "Container", default: { memory: "256Mi", cpu: "500m" }, defaultRequest: { memory: "128Mi" }, max: { memory: "1Gi" } }] },
    });
    const created = c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "team-a" }, spec: { containers: [{ name: "app", image: "nginx" }] } }) as Json;
    expect(created.spec.containers[0].resources).toEqual({ limits: { memory: "256Mi", cpu: "500m" }, requests: { memory: "128Mi", cpu: "500m" } });
    expect(created.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");
    let err: Json;
    try {
      c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "q", namespace: "team-a" }, spec: { containers: [{ name: "app", image: "nginx", resources: { limits: { memory: "2Gi" } } }] } });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 403, reason: "Forbidden", message: 'pods "q" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi' });
  });
});

import { describe, expect, it } from "vitest";
import { applyStrategicMergePatch, listStrategy } from "../../../../server/src/sim/patch/index.js";
import { StoreError } from "../../../../server/src/sim/store/index.js";

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "frontend", namespace: "taskmaster", labels: { app: "frontend" } },
    spec: { replicas: 2, selector: { matchLabels: { app: "frontend" } }, template: { metadata: { labels: { app: "frontend" } }, spec: { containers, ...extra } } },
  };
}

const frontend = { name: "frontend", image: "nginx:1.25", ports: [{ containerPort: 80 }] };

describe("applyStrategicMergePatch: kubectl bodies (KUBECTL-PROTOCOL.md §7, §10.9)", () => {
  it("kubectl set image", () => {
    const live = deployment([frontend, { name: "sidecar", image: "busybox:1.36" }]);
    const patch = { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "frontend" }, { name: "sidecar" }], containers: [{ image: "nginx:1.27", name: "frontend" }] } } } };
    const out = applyStrategicMergePatch(live, patch, "Deployment");
    expect(out.spec.template.spec.containers).toEqual([
      { name: "frontend", image: "nginx:1.27", ports: [{ containerPort: 80 }] },
      { name: "sidecar", image: "busybox:1.36" },
    ]);
    expect(out.spec.replicas).toBe(2);
  });

  it("kubectl set image body verbatim (one container)", () => {
    const out = applyStrategicMergePatch(
      deployment([frontend]),
      { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "frontend" }], containers: [{ image: "nginx:1.27", name: "frontend" }] } } } },
    );
    expect(out.spec.template.spec.containers).toEqual([{ ...frontend, image: "nginx:1.27" }]);
  });

  it("apply 3-way: add env and a sidecar, drop ports with null, scale", () => {
    const live = deployment([frontend]);
    const patch = {
      spec: {
        replicas: 3,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "frontend" }, { name: "sidecar" }],
            containers: [
              { env: [{ name: "MODE", value: "prod" }], name: "frontend", ports: null },
              { command: ["sleep", "infinity"], image: "busybox:1.36", name: "sidecar" },
            ],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(live, patch, "Deployment");
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toEqual([
      { name: "frontend", image: "nginx:1.25", env: [{ name: "MODE", value: "prod" }] },
      { name: "sidecar", image: "busybox:1.36", command: ["sleep", "infinity"] },
    ]);
  });

  it("apply 3-way revert: env null, ports back, $patch: delete the sidecar", () => {
    const live = deployment([
      { name: "frontend", image: "nginx:1.25", env: [{ name: "MODE", value: "prod" }] },
      { name: "sidecar", image: "busybox:1.36", command: ["sleep", "infinity"] },
    ]);
    const patch = {
      spec: {
        replicas: 2,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "frontend" }],
            containers: [{ env: null, name: "frontend", ports: [{ containerPort: 80 }] }, { $patch: "delete", name: "sidecar" }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(live, patch, "Deployment");
    expect(out.spec.template.spec.containers).toEqual([frontend]);
    expect(out.spec.replicas).toBe(2);
  });

  it("kubectl rollout restart annotation", () => {
    const out = applyStrategicMergePatch(deployment([frontend]), {
      spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-21T19:17:48Z" } } } },
    });
    expect(out.spec.template.metadata).toEqual({ labels: { app: "frontend" }, annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-21T19:17:48Z" } });
  });
});

describe("applyStrategicMergePatch: merge keys and directives", () => {
  it.each([
    ["env by name", { env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] }, { env: [{ name: "B", value: "3" }] }, { env: [{ name: "A", value: "1" }, { name: "B", value: "3" }] }],
    ["volumeMounts by mountPath", { volumeMounts: [{ name: "d", mountPath: "/data" }] }, { volumeMounts: [{ name: "e", mountPath: "/data", readOnly: true }] }, { volumeMounts: [{ name: "e", mountPath: "/data", readOnly: true }] }],
    ["ports by containerPort", { ports: [{ containerPort: 80, name: "http" }] }, { ports: [{ containerPort: 443 }] }, { ports: [{ containerPort: 443 }, { containerPort: 80, name: "http" }] }],
    ["args replace", { args: ["a", "b"] }, { args: ["c"] }, { args: ["c"] }],
  ])("container %s", (_label, container, patchContainer, expected) => {
    const live = deployment([{ name: "c", image: "i", ...container }]);
    const out = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: "c", ...patchContainer }] } } } }, "Deployment");
    expect(out.spec.template.spec.containers[0]).toEqual({ name: "c", image: "i", ...expected });
  });

  // like upstream, items new to the live list come first unless $setElementOrder says otherwise
  it("volumes, imagePullSecrets and initContainers merge by name; tolerations replace", () => {
    const live = deployment([frontend], {
      volumes: [{ name: "a", emptyDir: {} }],
      imagePullSecrets: [{ name: "x" }],
      initContainers: [{ name: "init", image: "a" }],
      tolerations: [{ key: "a", operator: "Exists" }],
    });
    const out = applyStrategicMergePatch(live, {
      spec: {
        template: {
          spec: {
            volumes: [{ name: "b", configMap: { name: "cm" } }],
            imagePullSecrets: [{ name: "y" }],
            initContainers: [{ name: "init", image: "b" }],
            tolerations: [{ key: "b", operator: "Exists" }],
          },
        },
      },
    }, "Deployment");
    const spec = out.spec.template.spec as Record<string, unknown>;
    expect(spec.volumes).toEqual([{ name: "b", configMap: { name: "cm" } }, { name: "a", emptyDir: {} }]);
    expect(spec.imagePullSecrets).toEqual([{ name: "y" }, { name: "x" }]);
    expect(spec.initContainers).toEqual([{ name: "init", image: "b" }]);
    expect(spec.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
  });

  it("Service ports merge by port", () => {
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, targetPort: "http" }, { port: 443 }] } };
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 8080 }] } }, "Service");
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 8080 }, { port: 443 }]);
  });

  it("status conditions merge by type", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, status: { conditions: [{ type: "Ready", status: "False" }, { type: "Scheduled", status: "True" }] } };
    const out = applyStrategicMergePatch(pod, { status: { conditions: [{ type: "Ready", status: "True" }] } }, "Pod");
    expect(out.status.conditions).toEqual([{ type: "Ready", status: "True" }, { type: "Scheduled", status: "True" }]);
  });

  it("ownerReferences merge by uid; finalizers merge as a set and $deleteFromPrimitiveList removes", () => {
    const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", finalizers: ["a", "b"], ownerReferences: [{ uid: "1", name: "x" }] } };
    const out = applyStrategicMergePatch(obj, {
      metadata: { finalizers: ["b", "c"], ownerReferences: [{ uid: "2", name: "y" }], "$deleteFromPrimitiveList/finalizers": ["a"] },
    });
    expect(out.metadata.finalizers).toEqual(["b", "c"]);
    expect(out.metadata.ownerReferences).toEqual([{ uid: "2", name: "y" }, { uid: "1", name: "x" }]);
  });

  it("$patch: replace on a list replaces it", () => {
    const out = applyStrategicMergePatch(deployment([frontend, { name: "b", image: "b" }]), {
      spec: { template: { spec: { containers: [{ name: "only", image: "o" }, { $patch: "replace" }] } } },
    }, "Deployment");
    expect(out.spec.template.spec.containers).toEqual([{ name: "only", image: "o" }]);
  });

  it("$patch: replace on a map replaces it; $patch: delete empties it", () => {
    const live = deployment([frontend]);
    const replaced = applyStrategicMergePatch(live, { spec: { selector: { $patch: "replace", matchLabels: { x: "y" } } } }, "Deployment");
    expect(replaced.spec.selector).toEqual({ matchLabels: { x: "y" } });
    const deleted = applyStrategicMergePatch(live, { spec: { template: { metadata: { $patch: "delete" } } } }, "Deployment");
    expect(deleted.spec.template.metadata).toEqual({});
  });

  it("$retainKeys clears fields not listed", () => {
    const live = deployment([frontend]);
    const withStrategy = { ...live, spec: { ...live.spec, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } };
    const out = applyStrategicMergePatch(withStrategy, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }, "Deployment");
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("$setElementOrder reorders without changing contents", () => {
    const live = deployment([{ name: "a", image: "a" }, { name: "b", image: "b" }]);
    const out = applyStrategicMergePatch(live, { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "b" }, { name: "a" }] } } } }, "Deployment");
    expect(out.spec.template.spec.containers.map((c) => (c as { name: string }).name)).toEqual(["b", "a"]);
  });

  it("unknown kinds (custom resources) replace lists", () => {
    const cr = { apiVersion: "x.io/v1", kind: "Widget", metadata: { name: "w" }, spec: { containers: [{ name: "a", image: "a" }] } };
    const out = applyStrategicMergePatch(cr, { spec: { containers: [{ name: "b" }] } }, "Widget");
    expect(out.spec.containers).toEqual([{ name: "b" }]);
  });

  it("a list item without its merge key fails with 422", () => {
    let err: unknown;
    try {
      applyStrategicMergePatch(deployment([frontend]), { spec: { template: { spec: { containers: [{ image: "x" }] } } } }, "Deployment");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toBe('map: {"image":"x"} does not contain declared merge key: name');
  });

  it("null deletes; nulls in new values are dropped", () => {
    const out = applyStrategicMergePatch(deployment([frontend]), { metadata: { labels: null, annotations: { a: "1", b: null } } }, "Deployment");
    expect(out.metadata.labels).toBeUndefined();
    expect((out.metadata as Record<string, unknown>).annotations).toEqual({ a: "1" });
  });

  it("looks the merge strategy up by path and kind", () => {
    expect(listStrategy("Deployment", "spec.template.spec.containers")).toEqual({ kind: "merge", mergeKey: "name" });
    expect(listStrategy("Pod", "spec.containers.ports")).toEqual({ kind: "merge", mergeKey: "containerPort" });
    expect(listStrategy("Service", "spec.ports")).toEqual({ kind: "merge", mergeKey: "port" });
    expect(listStrategy("Pod", "spec.tolerations")).toEqual({ kind: "replace" });
    expect(listStrategy("Widget", "spec.containers")).toEqual({ kind: "replace" });
  });
});

/** The ServiceAccount admission plugin's token volume (controllers/serviceaccount.ts): pure rule, then in the store. */
import { describe, expect, it } from "vitest";
import { mountServiceAccountToken, SERVICE_ACCOUNT_TOKEN_MOUNT_PATH } from "../../../../server/src/sim/controllers/serviceaccount.js";
import { PODS, SERVICE_ACCOUNTS } from "../../../../server/src/sim/controllers/gvr.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { startCluster } from "./harness.js";

const VOLUME = "kube-api-access-x2x9k";
const MOUNT = { name: VOLUME, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH };
const pod = (spec: Json): Json => ({ metadata: { name: "p", namespace: "team-a" }, spec });

describe("mountServiceAccountToken", () => {
  const cases: { name: string; spec: Json; sa?: Json; volumes: string[]; mounts: (Json[] | undefined)[] }[] = [
    { name: "every container gets the mount, the pod the volume", spec: { containers: [{ name: "a" }, { name: "b", volumeMounts: [{ name: "data", mountPath: "/data" }] }] }, volumes: [VOLUME], mounts: [[MOUNT], [{ name: "data", mountPath: "/data" }, MOUNT]] },
    { name: "init containers too", spec: { initContainers: [{ name: "i" }], containers: [{ name: "a" }] }, volumes: [VOLUME], mounts: [[MOUNT], [MOUNT]] },
    { name: "pod opts out", spec: { automountServiceAccountToken: false, containers: [{ name: "a" }] }, volumes: [], mounts: [undefined] },
    { name: "ServiceAccount opts out", spec: { containers: [{ name: "a" }] }, sa: { automountServiceAccountToken: false }, volumes: [], mounts: [undefined] },
    { name: "the pod's true wins over the ServiceAccount's false", spec: { automountServiceAccountToken: true, containers: [{ name: "a" }] }, sa: { automountServiceAccountToken: false }, volumes: [VOLUME], mounts: [[MOUNT]] },
    { name: "a container with its own mount at the path keeps it; no volume when none needs it", spec: { containers: [{ name: "a", volumeMounts: [{ name: "mine", mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }] }] }, volumes: [], mounts: [[{ name: "mine", mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }]] },
    { name: "an existing kube-api-access volume is reused", spec: { volumes: [{ name: "kube-api-access-abcde", projected: { sources: [] } }], containers: [{ name: "a" }] }, volumes: ["kube-api-access-abcde"], mounts: [[{ ...MOUNT, name: "kube-api-access-abcde" }]] },
  ];
  it.each(cases)("$name", ({ spec, sa, volumes, mounts }) => {
    const p = pod(structuredClone(spec));
    mountServiceAccountToken(p, sa, VOLUME);
    expect((p.spec.volumes ?? []).map((v: Json) => v.name)).toEqual(volumes);
    expect([...(p.spec.initContainers ?? []), ...p.spec.containers].map((c: Json) => c.volumeMounts)).toEqual(mounts);
  });

  it("projects the token, the cluster CA and the namespace like kube-apiserver 1.32", () => {
    const p = pod({ containers: [{ name: "a" }] });
    mountServiceAccountToken(p, undefined, VOLUME);
    expect(p.spec.volumes[0]).toEqual({
      name: VOLUME,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
          { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
          { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
        ],
      },
    });
  });
});

describe("ServiceAccount admission in the store", () => {
  it("pods created while the controller runs get a kube-api-access-<5> volume; a ServiceAccount can opt out", () => {
    const c = startCluster();
    c.store.create(SERVICE_ACCOUNTS, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "quiet", namespace: "team-a" }, automountServiceAccountToken: false } as never);
    const a = c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "team-a" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }) as Json;
    const b = c.store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "b", namespace: "team-a" }, spec: { serviceAccountName: "quiet", containers: [{ name: "c", image: "nginx:1.27" }] } }) as Json;
    expect(a.spec.volumes).toHaveLength(1);
    expect(a.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(a.spec.containers[0].volumeMounts).toEqual([{ name: a.spec.volumes[0].name, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }]);
    expect(b.spec.volumes ?? []).toEqual([]);
    c.running.stop();
  });
});

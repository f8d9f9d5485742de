import { describe, expect, it } from "vitest";
import { updatedManagedFields } from "../../../../server/src/sim/api/admission/managed-fields.js";
import { LAST_APPLIED_ANNOTATION, serverSideApply } from "../../../../server/src/sim/api/patch.js";
import type { ManagedFieldsEntry } from "../../../../server/src/sim/patch/index.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";

const NOW = "2026-01-01T09:00:00Z";
const LATER = "2026-01-01T09:05:00Z";
const KIND = "Deployment";

function config(replicas: number, image = "nginx:1.25"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: KIND,
    metadata: { name: "web", namespace: "ns" },
    spec: { replicas, template: { spec: { containers: [{ name: "web", image }] } } },
  };
}

/** What `kubectl apply` (client-side) creates: the config plus its last-applied annotation, owned by kubectl-client-side-apply. */
function createdByClientSideApply(replicas: number, image?: string): KubeObject {
  const obj = config(replicas, image);
  obj.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(config(replicas, image))}\n` };
  obj.metadata.managedFields = updatedManagedFields(undefined, obj, { manager: "kubectl-client-side-apply", now: NOW });
  return obj;
}

const entries = (o: KubeObject) => o.metadata.managedFields as ManagedFieldsEntry[];

describe("serverSideApply (api layer)", () => {
  it("another manager conflicts with kubectl-client-side-apply in kube's words", () => {
    const live = createdByClientSideApply(2);
    expect(() => serverSideApply(live, config(3), { kind: KIND, fieldManager: "other", now: LATER })).toThrow(
      expect.objectContaining({ code: 409, message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas' }),
    );
    const forced = serverSideApply(live, config(3), { kind: KIND, fieldManager: "other", now: LATER, force: true });
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
  });

  it("kubectl's manager takes over fields its client-side apply set and nobody changed since", () => {
    const live = createdByClientSideApply(2);
    const out = serverSideApply(live, config(3, "nginx:1.27"), { kind: KIND, fieldManager: "kubectl", now: LATER });
    expect(out.spec).toEqual({ replicas: 3, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } });
    // and rewrites the last-applied annotation to the applied config, as Go encodes it
    expect(out.metadata.annotations![LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}}\n',
    );
  });

  it("kubectl's manager still conflicts on a field changed after the client-side apply", () => {
    const applied = createdByClientSideApply(2);
    const scaled: KubeObject = { ...applied, spec: { ...(applied.spec as object), replicas: 5 } };
    scaled.metadata = { ...applied.metadata, managedFields: updatedManagedFields(applied, scaled, { manager: "kubectl", subresource: "scale", now: LATER }) };
    let err: Error | undefined;
    try {
      serverSideApply(scaled, config(3, "nginx:1.27"), { kind: KIND, fieldManager: "kubectl", now: LATER });
    } catch (e) {
      err = e as Error;
    }
    // the image conflict is allowed (last-applied matches live), the replicas one is not
    expect(err?.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it("an apply that changes nothing keeps the manager's time, so the object is unchanged", () => {
    const first = serverSideApply(undefined, config(2), { kind: KIND, fieldManager: "kubectl", now: NOW });
    const second = serverSideApply(first, config(2), { kind: KIND, fieldManager: "kubectl", now: LATER });
    expect(second).toEqual(first);
    const changed = serverSideApply(first, config(4), { kind: KIND, fieldManager: "kubectl", now: LATER });
    expect(entries(changed)[0]!.time).toBe(LATER);
  });

  it("entries come out Apply first", () => {
    const live = createdByClientSideApply(2);
    const out = serverSideApply(live, config(2), { kind: KIND, fieldManager: "other", now: LATER });
    expect(entries(out).map((e) => `${e.manager}/${e.operation}`)).toEqual(["other/Apply", "kubectl-client-side-apply/Update"]);
  });

  it("needs the time", () => {
    expect(() => serverSideApply(undefined, config(1), { kind: KIND, fieldManager: "kubectl" })).toThrow(expect.objectContaining({ code: 500 }));
  });
});

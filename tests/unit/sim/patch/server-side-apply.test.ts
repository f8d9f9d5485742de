import { describe, expect, it } from "vitest";
import { applyServerSide, recordUpdate, type ManagedFieldsEntry } from "../../../../server/src/sim/patch/index.js";
import type { KubeObject } from "../../../../server/src/sim/store/index.js";

const NOW = "2026-01-01T09:00:00Z";
const LATER = "2026-01-01T09:05:00Z";

function config(replicas: number, containers: unknown[] = [{ name: "frontend", image: "nginx:1.25" }], labels: Record<string, string> = { app: "frontend" }): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "frontend", namespace: "taskmaster", labels },
    spec: { replicas, selector: { matchLabels: { app: "frontend" } }, template: { metadata: { labels: { app: "frontend" } }, spec: { containers } } },
  };
}

describe("applyServerSide", () => {
  it("creates with a managedFields Apply entry for the manager", () => {
    const out = applyServerSide(undefined, config(2), { fieldManager: "kubectl", now: NOW });
    const mf = out.metadata.managedFields as ManagedFieldsEntry[];
    expect(mf).toHaveLength(1);
    expect(mf[0]).toMatchObject({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1", time: NOW, fieldsType: "FieldsV1" });
    const spec = (mf[0]!.fieldsV1["f:spec"] as Record<string, unknown>);
    expect(spec["f:replicas"]).toEqual({});
    const containers = ((spec["f:template"] as Record<string, Record<string, Record<string, unknown>>>)["f:spec"]!["f:containers"])!;
    expect(containers['k:{"name":"frontend"}']).toEqual({ ".": {}, "f:image": {}, "f:name": {} });
    expect((mf[0]!.fieldsV1["f:metadata"] as Record<string, unknown>)["f:name"]).toBeUndefined();
  });

  it("re-applying a config without a field removes it; other managers' fields stay", () => {
    const first = applyServerSide(undefined, config(2, [{ name: "frontend", image: "nginx:1.25" }, { name: "sidecar", image: "busybox" }], { app: "frontend", tier: "web" }), { fieldManager: "kubectl", now: NOW });
    const second = applyServerSide(first, config(2), { fieldManager: "kubectl", now: LATER });
    expect(second.metadata.labels).toEqual({ app: "frontend" });
    expect((second.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([{ name: "frontend", image: "nginx:1.25" }]);
    const mine = (second.metadata.managedFields as ManagedFieldsEntry[])[0]!;
    expect(mine.time).toBe(LATER);
  });

  it("conflicts with an Update manager that changed the field; force takes it over", () => {
    const applied = applyServerSide(undefined, config(2), { fieldManager: "kubectl", now: NOW });
    const scaled: KubeObject = { ...applied, spec: { ...(applied.spec as object), replicas: 5 } };
    scaled.metadata = { ...applied.metadata, managedFields: recordUpdate(applied, scaled, { fieldManager: "kubectl-scale", now: LATER }) };
    expect(() => applyServerSide(scaled, config(3), { fieldManager: "other", now: LATER })).toThrow(
      expect.objectContaining({
        code: 409,
        reason: "Conflict",
        message: 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
      }),
    );
    // same value as live: no conflict even though someone else owns it
    expect(() => applyServerSide(scaled, config(5), { fieldManager: "other", now: LATER })).not.toThrow();
    const forced = applyServerSide(scaled, config(3), { fieldManager: "other", now: LATER, force: true });
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
    const managers = (forced.metadata.managedFields as ManagedFieldsEntry[]).map((m) => m.manager);
    expect(managers).not.toContain("kubectl-scale");
  });

  it("lists several conflicts grouped by manager", () => {
    const applied = applyServerSide(undefined, config(2), { fieldManager: "a", now: NOW });
    let err: Error | undefined;
    try {
      applyServerSide(applied, config(3, [{ name: "frontend", image: "nginx:1.27" }]), { fieldManager: "b", now: NOW });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="frontend"].image',
    );
  });

  it("keeps live status and fields owned by nobody in the config", () => {
    const live = { ...config(2), status: { replicas: 2 } };
    const out = applyServerSide(live, config(2), { fieldManager: "kubectl", now: NOW });
    expect(out.status).toEqual({ replicas: 2 });
  });

  it("requires a field manager", () => {
    expect(() => applyServerSide(undefined, config(1), { fieldManager: "", now: NOW })).toThrow(expect.objectContaining({ code: 400 }));
  });
});

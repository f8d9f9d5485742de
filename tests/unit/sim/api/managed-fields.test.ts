import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../server/src/core/clock.js";
import { registerAdmission } from "../../../../server/src/sim/api/admission/index.js";
import { fieldManagerOf, fieldManagerWrite, sortManagedFields, updatedManagedFields, withFieldManager } from "../../../../server/src/sim/api/admission/managed-fields.js";
import type { ManagedFieldsEntry } from "../../../../server/src/sim/patch/index.js";
import { createObjectStore, type KubeObject } from "../../../../server/src/sim/store/index.js";

const NOW = "2026-01-01T09:00:00Z";
const LATER = "2026-01-01T09:05:00Z";
const CONFIGMAPS = { group: "", version: "v1", resource: "configmaps" };

const cm = (data: Record<string, string>, extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cfg", namespace: "ns", ...extra },
  data,
});

const managers = (entries: ManagedFieldsEntry[] | undefined) => (entries ?? []).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ""}`);

describe("fieldManagerOf", () => {
  it.each([
    ["fieldManager=kubectl-edit", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc", "kubectl-edit"],
    ["", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc", "kubectl"],
    ["", "node-fetch", "node-fetch"],
    ["", undefined, "unknown"],
  ])("query %j, user agent %j → %s", (query, ua, expected) => {
    expect(fieldManagerOf(new URLSearchParams(query), ua)).toBe(expected);
  });
});

describe("updatedManagedFields", () => {
  it("a create makes the writer own every field it set", () => {
    const entries = updatedManagedFields(undefined, cm({ a: "1" }, { labels: { app: "x" } }), { manager: "kubectl-create", now: NOW });
    expect(entries).toEqual([
      { manager: "kubectl-create", operation: "Update", apiVersion: "v1", time: NOW, fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} }, "f:metadata": { "f:labels": { "f:app": {} } } } },
    ]);
  });

  it("an update moves changed fields to the writer and leaves the rest with their owner", () => {
    const created = cm({ a: "1", b: "2" });
    created.metadata.managedFields = updatedManagedFields(undefined, created, { manager: "kubectl-create", now: NOW });
    const edited = cm({ a: "1", b: "3", c: "4" });
    edited.metadata.managedFields = created.metadata.managedFields;
    const entries = updatedManagedFields(created, edited, { manager: "kubectl-edit", now: LATER })!;
    expect(managers(entries)).toEqual(["kubectl-create/Update", "kubectl-edit/Update"]);
    expect(entries[0]!.fieldsV1).toEqual({ "f:data": { "f:a": {} } });
    expect(entries[1]!.fieldsV1).toEqual({ "f:data": { "f:b": {}, "f:c": {} } });
  });

  it("a client's managedFields: [] keeps the stored ones, [{}] resets them", () => {
    const created = cm({ a: "1" });
    created.metadata.managedFields = updatedManagedFields(undefined, created, { manager: "kubectl-create", now: NOW });
    const keep = updatedManagedFields(created, cm({ a: "1" }, { managedFields: [] }), { manager: "x", now: LATER });
    expect(managers(keep)).toEqual(["kubectl-create/Update"]);
    const reset = updatedManagedFields(created, cm({ a: "1" }, { managedFields: [{}] }), { manager: "x", now: LATER });
    expect(reset).toBeUndefined();
  });

  it("sorts Apply before Update, then oldest first", () => {
    const e = (manager: string, operation: "Apply" | "Update", time: string): ManagedFieldsEntry => ({ manager, operation, time, apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: {} });
    expect(managers(sortManagedFields([e("b", "Update", LATER), e("a", "Update", NOW), e("z", "Apply", LATER), e("c", "Update", NOW)]))).toEqual([
      "z/Apply",
      "a/Update",
      "c/Update",
      "b/Update",
    ]);
  });
});

describe("the managedFields admission hook", () => {
  function setup() {
    const clock = new FakeClock(Date.parse(NOW));
    const store = createObjectStore({ clock });
    registerAdmission(store, { seed: 1 });
    return { clock, store };
  }

  it("records writes made on behalf of a field manager, after defaulting, and nothing for in-process writers", () => {
    const { clock, store } = setup();
    const created = withFieldManager(store, fieldManagerWrite(clock, "kubectl-create"), () =>
      store.create({ group: "", version: "v1", resource: "services" }, { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "ns" }, spec: { ports: [{ port: 80 }] } }),
    );
    const mf = created.metadata.managedFields as ManagedFieldsEntry[];
    expect(managers(mf)).toEqual(["kubectl-create/Update"]);
    // type: ClusterIP was defaulted by admission and still counts as the writer's
    expect((mf[0]!.fieldsV1["f:spec"] as Record<string, unknown>)["f:type"]).toEqual({});
    const plain = store.create(CONFIGMAPS, cm({ a: "1" }));
    expect(plain.metadata.managedFields).toBeUndefined();
  });

  it("a write a watcher makes while the change is delivered is not attributed to the request", () => {
    const { clock, store } = setup();
    store.create(CONFIGMAPS, { ...cm({}), metadata: { name: "other", namespace: "ns" } });
    store.watch(CONFIGMAPS, { resourceVersion: String(Number(store.currentResourceVersion())) }, (ev) => {
      if (ev.type === "ADDED" && ev.object.metadata.name === "cfg") {
        const other = store.get(CONFIGMAPS, "ns", "other")!;
        store.update(CONFIGMAPS, { ...other, data: { touched: "yes" } });
      }
    });
    withFieldManager(store, fieldManagerWrite(clock, "kubectl-create"), () => store.create(CONFIGMAPS, cm({ a: "1" })));
    expect(store.get(CONFIGMAPS, "ns", "other")!.data).toEqual({ touched: "yes" });
    expect(store.get(CONFIGMAPS, "ns", "other")!.metadata.managedFields).toBeUndefined();
    expect(managers(store.get(CONFIGMAPS, "ns", "cfg")!.metadata.managedFields as ManagedFieldsEntry[])).toEqual(["kubectl-create/Update"]);
  });

  it("a write that changes nothing stays a no-op (same resourceVersion)", () => {
    const { clock, store } = setup();
    const created = withFieldManager(store, fieldManagerWrite(clock, "a"), () => store.create(CONFIGMAPS, cm({ a: "1" })));
    clock.advance(60_000);
    const again = withFieldManager(store, fieldManagerWrite(clock, "b"), () => store.update(CONFIGMAPS, { ...created, data: { a: "1" } }));
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(managers(again.metadata.managedFields as ManagedFieldsEntry[])).toEqual(["a/Update"]);
  });

  it("status writes carry the subresource", () => {
    const { clock, store } = setup();
    const pvs = { group: "", version: "v1", resource: "persistentvolumes" };
    const pv = store.create(pvs, { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/x" } } });
    const scaled = withFieldManager(store, fieldManagerWrite(clock, "kubectl", "scale"), () => store.update(pvs, { ...pv, spec: { ...(pv.spec as object), capacity: { storage: "2Gi" } } }));
    expect(scaled.metadata.managedFields).toEqual([
      { manager: "kubectl", operation: "Update", apiVersion: "v1", time: NOW, fieldsType: "FieldsV1", subresource: "scale", fieldsV1: { "f:spec": { "f:capacity": { "f:storage": {} } } } },
    ]);
  });
});

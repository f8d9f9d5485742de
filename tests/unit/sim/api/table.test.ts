import { describe, expect, it } from "vitest";
import { decodeObject, wantsPartialMetadata, wantsTable } from "../../../../server/src/sim/api/http-io.js";
import { parseIncludeObject, toTable } from "../../../../server/src/sim/api/table.js";
import { findResource } from "../../../../server/src/sim/resources/registry.js";

const KUBECTL_TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "ns", creationTimestamp: "2026-01-01T09:59:00Z", resourceVersion: "7" }, data: { a: "1" } };

describe("tables", () => {
  const def = findResource("", "v1", "configmaps")!;
  it("Metadata (default) carries PartialObjectMetadata, Object the object, None nothing", () => {
    const now = Date.parse("2026-01-01T10:00:00Z");
    const meta = toTable(def, [cm], { includeObject: parseIncludeObject(null), nowMs: now, resourceVersion: "9" }) as { rows: { cells: unknown[]; object?: unknown }[]; metadata: unknown };
    expect(meta.metadata).toEqual({ resourceVersion: "9" });
    expect(meta.rows[0]).toEqual({ cells: ["c", 1, "60s"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: cm.metadata } });
    expect((toTable(def, [cm], { includeObject: "Object", nowMs: now }) as { rows: { object: unknown }[] }).rows[0]!.object).toBe(cm);
    expect((toTable(def, [cm], { includeObject: "None", nowMs: now }) as { rows: object[] }).rows[0]).toEqual({ cells: ["c", 1, "60s"] });
    expect(() => parseIncludeObject("All")).toThrow(/includeObject/);
  });

  it("recognises kubectl's Table and metadata Accept headers", () => {
    expect(wantsTable(KUBECTL_TABLE_ACCEPT)).toBe(true);
    expect(wantsTable("application/json")).toBe(false);
    expect(wantsPartialMetadata("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1")).toBe(true);
  });

  it("decodes JSON and YAML bodies, rejects other media types and non-objects", () => {
    expect(decodeObject(Buffer.from('{"a":1}'), "application/json")).toEqual({ a: 1 });
    expect(decodeObject(Buffer.from("a: 1\n"), "application/yaml")).toEqual({ a: 1 });
    expect(() => decodeObject(Buffer.from("[]"), "application/json")).toThrow(/JSON object/);
    expect(() => decodeObject(Buffer.from("x"), "text/csv")).toThrow(expect.objectContaining({ code: 415 }));
  });
});

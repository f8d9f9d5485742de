/**
 * Converts objects to `meta.k8s.io/v1` Tables with the registry's printers. `includeObject`:
 * `None` → no object, `Metadata` (default) → PartialObjectMetadata, `Object` → the full object
 * (kubectl's `--sort-by` needs it).
 */
import type { KubeObject } from "../store/types.js";
import { printerFor, type ResourceDef } from "../resources/index.js";
import { badRequest } from "./status.js";

export type IncludeObject = "None" | "Metadata" | "Object";

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === "" || value === "Metadata") return "Metadata";
  if (value === "None" || value === "Object") return value;
  throw badRequest(`includeObject must be one of None, Metadata, Object; got "${value}"`);
}

export function partialObjectMetadata(obj: KubeObject): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export interface TableOptions {
  includeObject: IncludeObject;
  nowMs: number;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** Leave out columnDefinitions (watch events after the first may; kubectl reuses the header). */
  omitColumns?: boolean;
}

export function toTable(def: ResourceDef, objects: readonly KubeObject[], opts: TableOptions): Record<string, unknown> {
  const printer = printerFor(def.group, def.resource);
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const rows = objects.map((obj) => {
    const row: Record<string, unknown> = { cells: printer.cells(obj, opts.nowMs) };
    if (opts.includeObject === "Metadata") row.object = partialObjectMetadata(obj);
    else if (opts.includeObject === "Object") row.object = obj;
    return row;
  });
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: opts.omitColumns ? null : printer.columns,
    rows,
  };
}

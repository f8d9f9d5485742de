/**
 * Resources served in one API version but stored as another, as kube-apiserver does: `events.k8s.io/v1`
 * Events are the core `v1` Events, converted on the way in and out, so both APIs show the same events.
 */
import type { GroupVersionResource, KubeObject } from "../store/types.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface StorageMapping {
  storage: GroupVersionResource;
  toExternal(obj: KubeObject): KubeObject;
  toStorage(obj: KubeObject): KubeObject;
  /** Rewrites a field selector from the served version's field names to the stored ones. */
  fieldSelector(selector: string): string;
}

function compact(obj: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}

const EVENT_FIELD_RENAMES: [RegExp, string][] = [
  [/(^|,)(\s*)regarding\./g, "$1$2involvedObject."],
  [/(^|,)(\s*)reportingController(?=\s*!?=)/g, "$1$2reportingComponent"],
  [/(^|,)(\s*)deprecatedSource\./g, "$1$2source."],
  [/(^|,)(\s*)note(?=\s*!?=)/g, "$1$2message"],
];

export const EVENTS_V1_MAPPING: StorageMapping = {
  storage: { group: "", version: "v1", resource: "events" },
  toExternal(o) {
    const e = o as Json;
    return compact({
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: e.metadata,
      eventTime: e.eventTime ?? null,
      series: e.series,
      reportingController: e.reportingComponent || e.source?.component,
      reportingInstance: e.reportingInstance || e.source?.host,
      action: e.action,
      reason: e.reason,
      regarding: e.involvedObject,
      related: e.related,
      note: e.message,
      type: e.type,
      deprecatedSource: e.source,
      deprecatedFirstTimestamp: e.firstTimestamp,
      deprecatedLastTimestamp: e.lastTimestamp,
      deprecatedCount: e.count,
    }) as KubeObject;
  },
  toStorage(o) {
    const e = o as Json;
    return compact({
      apiVersion: "v1",
      kind: "Event",
      metadata: e.metadata,
      involvedObject: e.regarding ?? {},
      related: e.related,
      reason: e.reason,
      message: e.note,
      type: e.type,
      eventTime: e.eventTime ?? undefined,
      series: e.series,
      action: e.action,
      reportingComponent: e.reportingController ?? "",
      reportingInstance: e.reportingInstance ?? "",
      source: e.deprecatedSource,
      firstTimestamp: e.deprecatedFirstTimestamp,
      lastTimestamp: e.deprecatedLastTimestamp,
      count: e.deprecatedCount,
    }) as KubeObject;
  },
  fieldSelector(selector) {
    return EVENT_FIELD_RENAMES.reduce((s, [re, to]) => s.replace(re, to), selector);
  },
};

const MAPPINGS: Record<string, StorageMapping> = { "events.k8s.io/v1/events": EVENTS_V1_MAPPING };

export function storageMappingOf(def: { group: string; version: string; resource: string }): StorageMapping | undefined {
  return MAPPINGS[`${def.group}/${def.version}/${def.resource}`];
}

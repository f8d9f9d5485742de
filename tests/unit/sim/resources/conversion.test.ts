import { describe, expect, it } from "vitest";
import { EVENTS_V1_MAPPING, storageMappingOf } from "../../../../server/src/sim/resources/conversion.js";
import type { KubeObject } from "../../../../server/src/sim/store/types.js";

const core = {
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "p.1", namespace: "ns" },
  involvedObject: { kind: "Pod", name: "p", namespace: "ns", uid: "u" },
  reason: "BackOff",
  message: "Back-off pulling image",
  type: "Normal",
  source: { component: "kubelet", host: "node-1" },
  firstTimestamp: "2026-01-01T09:00:00Z",
  lastTimestamp: "2026-01-01T09:05:00Z",
  count: 4,
  reportingComponent: "kubelet",
  reportingInstance: "node-1",
} as unknown as KubeObject;

describe("events.k8s.io/v1 ⇄ core v1 Event", () => {
  it("maps fields both ways", () => {
    const ext = EVENTS_V1_MAPPING.toExternal(core) as Record<string, unknown>;
    expect(ext).toMatchObject({
      apiVersion: "events.k8s.io/v1",
      regarding: core.involvedObject,
      note: "Back-off pulling image",
      reportingController: "kubelet",
      deprecatedSource: { component: "kubelet", host: "node-1" },
      deprecatedCount: 4,
      eventTime: null,
    });
    expect(EVENTS_V1_MAPPING.toStorage(ext as KubeObject)).toEqual(core);
  });

  it("rewrites field selectors to stored names", () => {
    expect(EVENTS_V1_MAPPING.fieldSelector("regarding.name=p,reportingController=kubelet,type!=Normal")).toBe("involvedObject.name=p,reportingComponent=kubelet,type!=Normal");
    expect(storageMappingOf({ group: "", version: "v1", resource: "events" })).toBeUndefined();
  });
});

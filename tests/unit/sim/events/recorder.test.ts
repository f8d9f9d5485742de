import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../server/src/core/index.js";
import { createEventRecorder, EVENTS_GVR } from "../../../../server/src/sim/events/index.js";
import { createObjectStore, type KubeObject } from "../../../../server/src/sim/store/index.js";

const PODS = { group: "", version: "v1", resource: "pods" };

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 10, 21, 18, 56, 17));
  const store = createObjectStore({ clock });
  const recorder = createEventRecorder({ store, clock });
  const pod = store.create(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "frontend-abc", namespace: "team-a" }, spec: {} } as KubeObject);
  return { clock, store, recorder, pod };
}

describe("event recorder", () => {
  it("writes a core/v1 Event shaped like a real cluster's", () => {
    const { store, recorder, pod } = setup();
    recorder.record(pod, "Normal", "Pulling", 'Pulling image "nginx:1.27"', { component: "kubelet", host: "node-1" }, { fieldPath: "spec.containers{frontend}" });
    const [ev] = store.list(EVENTS_GVR, { namespace: "team-a" }).items as any[];
    expect(ev.metadata.name).toMatch(/^frontend-abc\.[0-9a-f]{16}$/);
    expect(ev).toMatchObject({
      involvedObject: { kind: "Pod", namespace: "team-a", name: "frontend-abc", uid: pod.metadata.uid, apiVersion: "v1", resourceVersion: pod.metadata.resourceVersion, fieldPath: "spec.containers{frontend}" },
      reason: "Pulling",
      type: "Normal",
      source: { component: "kubelet", host: "node-1" },
      reportingComponent: "kubelet",
      reportingInstance: "node-1",
      firstTimestamp: "2026-11-21T18:56:17Z",
      lastTimestamp: "2026-11-21T18:56:17Z",
      count: 1,
    });
  });

  it("aggregates repeats into count and lastTimestamp; a different message is a new Event", () => {
    const { store, recorder, pod, clock } = setup();
    const src = { component: "kubelet", host: "node-1" };
    recorder.record(pod, "Normal", "BackOff", 'Back-off pulling image "x"', src);
    clock.advance(30_000);
    recorder.record(pod, "Normal", "BackOff", 'Back-off pulling image "x"', src);
    clock.advance(90_000);
    recorder.record(pod, "Normal", "BackOff", 'Back-off pulling image "x"', src);
    recorder.record(pod, "Warning", "Failed", "Error: ImagePullBackOff", src);
    const items = store.list(EVENTS_GVR, { namespace: "team-a" }).items as any[];
    expect(items).toHaveLength(2);
    const backoff = items.find((e) => e.reason === "BackOff");
    expect(backoff).toMatchObject({ count: 3, firstTimestamp: "2026-11-21T18:56:17Z", lastTimestamp: "2026-11-21T18:58:17Z" });
  });

  it("deletes an Event an hour after its last update (--event-ttl)", () => {
    const { store, recorder, pod, clock } = setup();
    recorder.record(pod, "Normal", "Pulled", "x", "kubelet");
    clock.advance(50 * 60_000);
    recorder.record(pod, "Normal", "Pulled", "x", "kubelet");
    clock.advance(50 * 60_000);
    expect(store.list(EVENTS_GVR, { namespace: "team-a" }).items).toHaveLength(1);
    clock.advance(11 * 60_000);
    expect(store.list(EVENTS_GVR, { namespace: "team-a" }).items).toHaveLength(0);
  });

  it("puts cluster-scoped objects' events in default and never throws", () => {
    const { store, recorder } = setup();
    recorder.record({ kind: "Node", name: "node-1", uid: "n1" }, "Normal", "NodeReady", "Node node-1 status is now: NodeReady", { component: "kubelet", host: "node-1" });
    expect(store.list(EVENTS_GVR, { namespace: "default" }).items).toHaveLength(1);
    store.addAdmissionHook(() => {
      throw new Error("nope");
    });
    expect(() => recorder.record({ kind: "Node", name: "node-2" }, "Normal", "X", "y", "c")).not.toThrow();
  });
});

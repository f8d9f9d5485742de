/**
 * Regression: markTerminating announced the deletion (MODIFIED with deletionTimestamp) before it
 * started the grace timer. Watchers run synchronously inside that announcement, so a pod status
 * write made in reaction to it (the kubelet marking containers as terminating) found a terminating
 * pod with no pending grace period and removed it at once, skipping the whole grace period.
 */
import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../../../server/src/core/index.js";
import { createObjectStore, type GroupVersionResource, type KubeObject } from "../../../../server/src/sim/store/index.js";

const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };
const GRACE_SECONDS = 10;

function setup() {
  const clock = new FakeClock();
  let n = 0;
  const errors: unknown[] = [];
  const store = createObjectStore({ clock, random: seededRandom(1), newUid: () => `uid-${++n}`, onWatcherError: (e) => errors.push(e) });
  store.create(PODS, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "team-a" },
    spec: { nodeName: "node-1", terminationGracePeriodSeconds: GRACE_SECONDS, containers: [{ name: "c", image: "nginx:1.25" }] },
    status: { phase: "Running" },
  });
  // A kubelet-like watcher: as soon as it sees the deletion, it writes the pod's status.
  const statusWrites: string[] = [];
  store.watch(PODS, { namespace: "team-a" }, (event) => {
    const pod = event.object as KubeObject;
    if (event.type !== "MODIFIED" || !pod.metadata.deletionTimestamp) return;
    if ((pod.status as { reason?: string } | undefined)?.reason === "Terminating") return;
    statusWrites.push(pod.metadata.resourceVersion!);
    store.update(PODS, { ...pod, status: { phase: "Running", reason: "Terminating" } }, { subresource: "status" });
  });
  return { clock, store, errors, statusWrites };
}

describe("markTerminating announces the deletion before it starts the grace timer", () => {
  it("a status write made while the deletion is announced keeps the pod for its grace period", () => {
    const { clock, store, errors, statusWrites } = setup();
    store.delete(PODS, "team-a", "p");
    expect(statusWrites).toHaveLength(1);
    expect(errors).toEqual([]);
    const during = store.get(PODS, "team-a", "p");
    expect(during?.metadata.deletionTimestamp).toBeDefined();
    expect((during?.status as { reason?: string }).reason).toBe("Terminating");
    clock.advance(GRACE_SECONDS * 1000 - 1);
    expect(store.get(PODS, "team-a", "p")).toBeDefined();
    clock.advance(1);
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
  });

  it("a second delete that shortens the grace period also keeps the pod until the shorter deadline", () => {
    const { clock, store } = setup();
    store.delete(PODS, "team-a", "p");
    // the watcher reacts to MODIFIED with deletionTimestamp again; the status is already set, so no-op write
    store.delete(PODS, "team-a", "p", { gracePeriodSeconds: 2 });
    expect(store.get(PODS, "team-a", "p")?.metadata.deletionGracePeriodSeconds).toBe(2);
    clock.advance(1999);
    expect(store.get(PODS, "team-a", "p")).toBeDefined();
    clock.advance(1);
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { EventBus } from "../../../server/src/core/index.js";
import { ActivityRecorder, type Activity, type GatewayEvents } from "../../../server/src/gateway/activity.js";

function activity(name: string): Activity {
  return {
    teamId: "t1", gameCode: "ABC", at: 0, method: "GET", verb: "get", apiGroup: "", resource: "pods",
    subresource: "", name, namespace: "fd-abc-orion", path: "/", labelSelector: "", fieldSelector: "",
    kubectlCommand: "kubectl get", kubectlSession: "s", code: 200, latencyMs: 1, allowed: true,
    isDiscovery: false, clientIp: "127.0.0.1",
  };
}

describe("ActivityRecorder", () => {
  it("records without doing work synchronously, then publishes one batch in order", async () => {
    const bus = new EventBus<GatewayEvents>();
    const seen: string[] = [];
    const batches: number[] = [];
    bus.on("activity", (a) => seen.push(a.name));
    const rec = new ActivityRecorder({ bus, sink: (b) => void batches.push(b.length) });
    rec.record(activity("a"));
    rec.record(activity("b"));
    expect(seen).toEqual([]); // nothing on the request's own tick
    await rec.drain();
    expect(seen).toEqual(["a", "b"]);
    expect(batches).toEqual([2]);
  });

  it("survives a failing sink and a throwing subscriber", async () => {
    const bus = new EventBus<GatewayEvents>();
    bus.on("activity", () => {
      throw new Error("subscriber bug");
    });
    const rec = new ActivityRecorder({ bus, sink: async () => Promise.reject(new Error("db down")) });
    rec.record(activity("a"));
    await expect(rec.drain()).resolves.toBeUndefined();
  });
});

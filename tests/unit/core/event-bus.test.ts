import { describe, expect, it } from "vitest";
import { EventBus } from "../../../server/src/core/event-bus.js";

type Events = { activity: { team: string }; tick: number };

describe("EventBus", () => {
  it("delivers to subscribers in order and unsubscribes", () => {
    const bus = new EventBus<Events>();
    const seen: string[] = [];
    const off = bus.on("activity", (a) => seen.push(`1:${a.team}`));
    bus.on("activity", (a) => seen.push(`2:${a.team}`));
    bus.emit("activity", { team: "orion" });
    off();
    bus.emit("activity", { team: "vega" });
    expect(seen).toEqual(["1:orion", "2:orion", "2:vega"]);
    expect(bus.listenerCount("activity")).toBe(1);
  });

  it("a throwing handler is reported and does not stop the others", () => {
    const errors: unknown[] = [];
    const bus = new EventBus<Events>((err) => errors.push(err));
    const seen: number[] = [];
    bus.on("tick", () => {
      throw new Error("boom");
    });
    bus.on("tick", (n) => seen.push(n));
    bus.emit("tick", 7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});

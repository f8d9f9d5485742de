import { describe, expect, it } from "vitest";
import { FakeClock, ScaledClock } from "../../../server/src/core/clock.js";

describe("FakeClock", () => {
  it("fires timers in due order, ties in creation order, only when advanced past them", () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20);
    clock.setTimeout(() => fired.push("a@10"), 10);
    clock.setTimeout(() => fired.push("c@20"), 20);
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(11);
    expect(fired).toEqual(["a@10", "b@20", "c@20"]);
    expect(clock.now()).toBe(20);
  });

  it("runs a timer scheduled by a firing timer within the same advance, at its own due time", () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 5);
    }, 10);
    clock.advance(100);
    expect(seen).toEqual([10, 15]);
    expect(clock.now()).toBe(100);
  });

  it("cancels timers and repeats intervals without drift", () => {
    const clock = new FakeClock(1000);
    const ticks: number[] = [];
    const h = clock.setInterval(() => ticks.push(clock.now() - 1000), 30);
    const cancelled = clock.setTimeout(() => ticks.push(-1), 50);
    cancelled.cancel();
    clock.advance(100);
    h.cancel();
    clock.advance(100);
    expect(ticks).toEqual([30, 60, 90]);
    expect(clock.pending()).toBe(0);
  });

  it("advanceAsync lets promise continuations run between timers", async () => {
    const clock = new FakeClock(0);
    const order: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => order.push("continuation of t1"));
      order.push("t1");
    }, 1);
    clock.setTimeout(() => order.push("t2"), 2);
    await clock.advanceAsync(5);
    expect(order).toEqual(["t1", "continuation of t1", "t2"]);
  });
});

describe("ScaledClock", () => {
  it.each([
    [1, 10_000, 10_000],
    [10, 10_000, 1_000],
    [60, 60_000, 1_000],
  ])("scale %d: a %d ms simulated delay takes %d ms of base time", (scale, simulatedMs, baseMs) => {
    const base = new FakeClock(0);
    const scaled = new ScaledClock(base, scale);
    let fired = false;
    scaled.setTimeout(() => (fired = true), simulatedMs);
    base.advance(baseMs - 1);
    expect(fired).toBe(false);
    base.advance(1);
    expect(fired).toBe(true);
    expect(scaled.now()).toBe(simulatedMs);
  });

  it("rejects a non-positive scale", () => {
    expect(() => new ScaledClock(new FakeClock(0), 0)).toThrow(/time scale must be > 0/);
  });
});

describe("FakeClock ordering (property)", () => {
  it("fires exactly the live timers, in (due time, creation) order, like a stable sort", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 200 }),
        (specs) => {
          const clock = new FakeClock(0);
          const fired: number[] = [];
          const handles = specs.map((s, i) => clock.setTimeout(() => fired.push(i), s.delay));
          specs.forEach((s, i) => s.cancel && handles[i]!.cancel());
          expect(clock.pending()).toBe(specs.filter((s) => !s.cancel).length);
          clock.advance(100);
          const expected = specs
            .map((s, i) => ({ ...s, i }))
            .filter((s) => !s.cancel)
            .sort((a, b) => a.delay - b.delay || a.i - b.i)
            .map((s) => s.i);
          expect(fired).toEqual(expected);
          expect(clock.pending()).toBe(0);
        },
      ),
    );
  });
});

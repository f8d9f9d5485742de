import { describe, expect, it } from "vitest";
import { FakeClock, type Clock, type TimerHandle } from "../../../server/src/core/index.js";
import { createTimelineScheduler, scheduleFromPack, type DueInjection, type TimelineSchedule } from "../../../server/src/engine/timeline.js";
import { Pack } from "../../../server/src/scenarios/index.js";

const SEC = 1000;
const MIN = 60 * SEC;

/** A clock whose timers fire `lateMs` after they are due, like a busy event loop. */
class LateClock implements Clock {
  constructor(readonly base: FakeClock, readonly lateMs: number) {}
  now() {
    return this.base.now();
  }
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.base.setTimeout(fn, delayMs + this.lateMs);
  }
  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.base.setInterval(fn, intervalMs);
  }
}
/** A clock whose timers fire early by `fraction` of their delay (coarse timers round down), but never at once. */
class EarlyClock extends LateClock {
  fired = 0;
  constructor(base: FakeClock, readonly fraction: number) {
    super(base, 0);
  }
  override setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.base.setTimeout(() => {
      this.fired++;
      fn();
    }, Math.max(Math.min(delayMs, 1), Math.floor(delayMs * (1 - this.fraction))));
  }
}

const every = (n: number, stepMs: number, firstMs = stepMs): TimelineSchedule => ({
  items: Array.from({ length: n }, (_, i) => ({ index: i, scenarioId: `s${i}`, atMs: firstMs + i * stepMs })),
  jitterMs: 0,
  simultaneous: true,
});

function setup(schedule: TimelineSchedule, clock: Clock, teamIds = ["a", "b", "c"], seed: string | number = 1) {
  const fired: DueInjection[] = [];
  const s = createTimelineScheduler({ clock, schedule, teamIds, seed, onDue: (d) => fired.push(d) });
  return { s, fired };
}

describe("timeline scheduler", () => {
  it("gives every team the same incident at the same moment, in one call", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const { s, fired } = setup(every(2, 5 * MIN), clock);
    s.start();
    clock.advance(5 * MIN - 1);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([{ index: 0, scenarioId: "s0", waveId: "timeline-0", teamIds: ["a", "b", "c"], dueAt: t0 + 5 * MIN, firedAt: t0 + 5 * MIN, manual: false }]);
    clock.advance(5 * MIN);
    expect(fired.map((f) => f.index)).toEqual([0, 1]);
    expect(s.isDone()).toBe(true);
    expect(s.nextDueAt()).toBeNull();
  });

  it("does not drift over 50 injections when every timer fires late", () => {
    const base = new FakeClock();
    const t0 = base.now();
    const { s, fired } = setup(every(50, MIN), new LateClock(base, 37));
    s.start();
    base.advance(51 * MIN);
    expect(fired).toHaveLength(50);
    fired.forEach((f, i) => {
      expect(f.dueAt).toBe(t0 + (i + 1) * MIN); // absolute deadlines, computed once
      expect(f.firedAt - f.dueAt).toBe(37); // lateness never accumulates
    });
  });

  it("never fires early when the clock does: it re-arms", () => {
    const base = new FakeClock();
    const t0 = base.now();
    const early = new EarlyClock(base, 0.1);
    const { s, fired } = setup(every(50, MIN), early);
    s.start();
    for (let i = 0; i < 51 * 60; i++) {
      base.advance(SEC);
      for (const f of fired) expect(f.firedAt).toBeGreaterThanOrEqual(f.dueAt);
    }
    expect(fired).toHaveLength(50);
    fired.forEach((f, i) => expect(f.firedAt).toBe(t0 + (i + 1) * MIN));
    expect(early.fired).toBeGreaterThan(50); // the early firings happened and were re-armed
  });

  it("pause and resume shift every remaining deadline by the paused time", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const { s, fired } = setup(every(3, 5 * MIN), clock);
    s.start();
    clock.advance(6 * MIN); // entry 0 fired at 5 min
    s.pause();
    expect(s.isPaused()).toBe(true);
    expect(s.nextDueAt()).toBeNull();
    expect(s.nextDueInMs()).toBe(4 * MIN); // the countdown freezes
    clock.advance(20 * MIN);
    expect(fired).toHaveLength(1);
    s.resume();
    expect(s.nextDueAt()).toBe(t0 + 30 * MIN);
    clock.advance(4 * MIN - 1);
    expect(fired).toHaveLength(1);
    clock.advance(1);
    expect(fired.map((f) => f.dueAt - t0)).toEqual([5 * MIN, 30 * MIN]);
    s.pause();
    s.pause(); // idempotent
    clock.advance(MIN);
    s.resume();
    s.resume();
    clock.advance(5 * MIN);
    expect(fired.map((f) => f.dueAt - t0)).toEqual([5 * MIN, 30 * MIN, 36 * MIN]);
  });

  it("injectNow fires the next entry now and keeps later absolute deadlines", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const { s, fired } = setup(every(3, 5 * MIN), clock);
    s.start();
    clock.advance(MIN);
    const d = s.injectNow();
    expect(d).toMatchObject({ index: 0, manual: true, firedAt: t0 + MIN, teamIds: ["a", "b", "c"] });
    clock.advance(9 * MIN); // entry 1 still at 10 min; entry 0 not repeated at 5 min
    expect(fired.map((f) => [f.index, f.firedAt - t0])).toEqual([[0, MIN], [1, 10 * MIN]]);
    expect(s.injectNow(5)).toBeNull();
  });

  it("jitter is seeded, within bounds, never early, and shared by all teams when simultaneous", () => {
    const run = (simultaneous: boolean, seed: string) => {
      const clock = new FakeClock();
      const t0 = clock.now();
      const { s, fired } = setup({ ...every(5, 10 * MIN), jitterMs: 2 * MIN, simultaneous }, clock, ["a", "b", "c"], seed);
      s.start();
      clock.advance(60 * MIN);
      return fired.map((f) => ({ index: f.index, teams: f.teamIds.length, offset: f.dueAt - t0 - (f.index + 1) * 10 * MIN }));
    };
    const sim = run(true, "game-1");
    expect(sim).toHaveLength(5);
    expect(sim.every((f) => f.teams === 3 && f.offset >= 0 && f.offset <= 2 * MIN)).toBe(true);
    expect(new Set(sim.map((f) => f.offset)).size).toBeGreaterThan(1);
    expect(run(true, "game-1")).toEqual(sim); // deterministic
    expect(run(true, "game-2")).not.toEqual(sim);
    const per = run(false, "game-1");
    expect(per.length).toBeGreaterThan(5); // per-team moments
    expect(per.reduce((n, f) => n + f.teams, 0)).toBe(15);
  });

  it("'after previous' entries start per team, delay after that team's incident ended", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const schedule: TimelineSchedule = {
      items: [
        { index: 0, scenarioId: "first", atMs: MIN },
        { index: 1, scenarioId: "second", afterPreviousMs: 2 * MIN },
      ],
      jitterMs: 0,
      simultaneous: true,
    };
    const { s, fired } = setup(schedule, clock, ["a", "b"]);
    s.start();
    clock.advance(MIN);
    expect(fired).toHaveLength(1);
    clock.advance(2 * MIN); // 3 min: a recovers
    s.previousEnded("a", 0);
    s.previousEnded("a", 0); // repeated: no effect
    expect(s.nextDueAt("a")).toBe(t0 + 5 * MIN);
    expect(s.nextDueAt("b")).toBeNull();
    clock.advance(MIN); // 4 min: b's incident expires
    s.previousEnded("b", 0);
    clock.advance(10 * MIN);
    expect(fired.map((f) => [f.scenarioId, f.teamIds, f.dueAt - t0])).toEqual([
      ["first", ["a", "b"], MIN],
      ["second", ["a"], 5 * MIN],
      ["second", ["b"], 6 * MIN],
    ]);
  });

  it("a pause while waiting shifts an 'after' deadline too", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const { s, fired } = setup({ items: [{ index: 0, scenarioId: "x", atMs: 0 }, { index: 1, scenarioId: "y", afterPreviousMs: 2 * MIN }], jitterMs: 0, simultaneous: true }, clock, ["a"]);
    s.start();
    clock.advance(0); // entry 0 is due at the start
    s.previousEnded("a", 0);
    clock.advance(MIN);
    s.pause();
    clock.advance(10 * MIN);
    s.resume();
    clock.advance(MIN);
    expect(fired.map((f) => f.dueAt - t0)).toEqual([0, 12 * MIN]);
  });

  it("restores a running game without re-firing or shifting", () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    clock.advance(12 * MIN); // the server restarted 12 min into the game, after a 1-minute pause
    const { s, fired } = setup(every(3, 5 * MIN), clock);
    s.start(t0, { paused: [{ from: t0 + 2 * MIN, to: t0 + 3 * MIN }], fired: [{ teamId: "a", index: 1 }, { teamId: "b", index: 1 }, { teamId: "c", index: 1 }] });
    expect(s.nextDueAt()).toBe(t0 + 16 * MIN);
    clock.advance(4 * MIN);
    expect(fired.map((f) => [f.index, f.dueAt - t0])).toEqual([[2, 16 * MIN]]);
  });

  it("a late team gets only the entries still ahead", () => {
    const clock = new FakeClock();
    const { s, fired } = setup(every(3, 5 * MIN), clock, ["a"]);
    s.start();
    clock.advance(7 * MIN);
    s.addTeam("late");
    clock.advance(10 * MIN);
    expect(fired.map((f) => [f.index, f.teamIds])).toEqual([[0, ["a"]], [1, ["a", "late"]], [2, ["a", "late"]]]);
  });

  it("a throwing onDue is reported and the schedule carries on", () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const seen: number[] = [];
    const s = createTimelineScheduler({
      clock,
      schedule: every(2, MIN),
      teamIds: ["a"],
      onDue: (d) => {
        seen.push(d.index);
        if (d.index === 0) throw new Error("boom");
      },
      onError: (e) => errors.push(e),
    });
    s.start();
    clock.advance(3 * MIN);
    expect(seen).toEqual([0, 1]);
    expect(errors).toHaveLength(1);
  });

  it("stop cancels everything", () => {
    const clock = new FakeClock();
    const { s, fired } = setup(every(2, MIN), clock);
    s.start();
    s.stop();
    clock.advance(10 * MIN);
    expect(fired).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});

describe("scheduleFromPack", () => {
  it("parses the pack's durations once", () => {
    const pack = Pack.parse({
      id: "friday",
      title: "Friday",
      description: "d",
      duration: "45m",
      app: "taskmaster",
      jitter: "30s",
      timeline: [
        { scenario: "bad-image-tag", at: "2m" },
        { scenario: "missing-configmap", after: "previous-recovered-or-expired", delay: "1m" },
        { scenario: "selector-mismatch", after: "previous-recovered-or-expired" },
      ],
    });
    expect(scheduleFromPack(pack)).toEqual({
      items: [
        { index: 0, scenarioId: "bad-image-tag", atMs: 2 * MIN },
        { index: 1, scenarioId: "missing-configmap", afterPreviousMs: MIN },
        { index: 2, scenarioId: "selector-mismatch", afterPreviousMs: 0 },
      ],
      jitterMs: 30 * SEC,
      simultaneous: true,
    });
  });
});

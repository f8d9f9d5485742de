import { parseDuration, seededRandom, type Clock, type TimerHandle } from "../core/index.js";
import { AFTER_PREVIOUS, type Pack } from "../scenarios/index.js";
import { pausedMsBetween, type PausedInterval } from "../scoring/index.js";

/*
 * The pack's timeline on the injected Clock. Every deadline lives in *active game time* (wall time minus
 * host pauses) and is computed once — from the start time for `at` entries, from the moment the team's
 * previous incident ended for `after` entries — never re-accumulated from timer firings, so late timers
 * do not drift the schedule and a pause shifts every remaining deadline by exactly its length.
 * A timer that fires early is re-armed: nothing is ever injected before its deadline.
 */

/** Smallest re-arm delay (ms) when a clock fires a little early, so a confused clock cannot spin. */
export const TIMELINE_MIN_REARM_MS = 1;

export interface TimelineItem {
  /** Position in the pack's timeline. */
  index: number;
  scenarioId: string;
  /** Offset from game start (active ms), for `at` entries. */
  atMs?: number;
  /** Delay (active ms) after the team's previous incident was recovered or expired, for `after` entries. */
  afterPreviousMs?: number;
}

export interface TimelineSchedule {
  items: TimelineItem[];
  /** Up to this many ms of random delay added to each start. Default 0. */
  jitterMs: number;
  /** true: one jitter per entry shared by all teams, so everyone gets it at the same moment. */
  simultaneous: boolean;
}

/** Converts a validated pack's timeline (durations parsed once, here). */
export function scheduleFromPack(pack: Pick<Pack, "timeline" | "jitter" | "simultaneous">): TimelineSchedule {
  return {
    items: pack.timeline.map((e, index) =>
      e.after === AFTER_PREVIOUS
        ? { index, scenarioId: e.scenario, afterPreviousMs: e.delay ? parseDuration(e.delay) : 0 }
        : { index, scenarioId: e.scenario, atMs: parseDuration(e.at ?? "0s") },
    ),
    jitterMs: pack.jitter ? parseDuration(pack.jitter) : 0,
    simultaneous: pack.simultaneous ?? true,
  };
}

/** One injection to perform now: a timeline entry for some teams (all teams, for a simultaneous entry). */
export interface DueInjection {
  index: number;
  scenarioId: string;
  /** Groups the teams' copies of this entry (first-to-recover); stable across restarts. */
  waveId: string;
  teamIds: string[];
  /** Wall-clock epoch ms at which the deadline was reached. */
  dueAt: number;
  /** clock.now() when onDue ran (≥ dueAt). */
  firedAt: number;
  /** True for injectNow (the host's button). */
  manual: boolean;
}

export interface TimelineSchedulerOptions {
  clock: Clock;
  schedule: TimelineSchedule;
  teamIds: readonly string[];
  onDue: (due: DueInjection) => void;
  /** Seed for jitter (the game's seed). */
  seed?: string | number;
  /** Called when onDue throws; the schedule carries on. Default: rethrown after re-arming. */
  onError?: (err: unknown, due: DueInjection) => void;
}

export interface TimelineScheduler {
  /** Starts the timeline; `startAt` (epoch ms) defaults to now, earlier values restore a running game. */
  start(startAt?: number, restore?: { paused?: PausedInterval[]; fired?: { teamId: string; index: number }[] }): void;
  pause(): void;
  resume(): void;
  /** The team's incident of entry `index` was recovered or expired: arms a following `after` entry. */
  previousEnded(teamId: string, index: number): void;
  /** Injects the next pending entry now (or entry `index` for teams whose next entry it is). */
  injectNow(index?: number): DueInjection | null;
  /** A team that joined late gets the entries whose deadline is still ahead. */
  addTeam(teamId: string): void;
  /** Wall-clock epoch ms of the next injection (for the team, or anyone); null when paused or nothing is armed. */
  nextDueAt(teamId?: string): number | null;
  /** Active ms until the next injection; works while paused (the countdown freezes). */
  nextDueInMs(teamId?: string): number | null;
  isPaused(): boolean;
  /** True when every team has had every entry. */
  isDone(): boolean;
  stop(): void;
}

interface TeamCursor {
  next: number;
  /** Active-time deadline of entry `next`, or null while an `after` entry waits for the previous incident. */
  deadline: number | null;
}

export function createTimelineScheduler(opts: TimelineSchedulerOptions): TimelineScheduler {
  const { clock, schedule, onDue } = opts;
  const items = [...schedule.items].sort((a, b) => a.index - b.index);
  const seed = opts.seed ?? 0;
  const teams = new Map<string, TeamCursor>();
  let startAt: number | null = null;
  let paused: PausedInterval[] = [];
  let timer: TimerHandle | null = null;
  let stopped = false;

  const isPausedNow = () => paused.length > 0 && paused[paused.length - 1]!.to === null;
  /** Active ms since start at wall time `t`. */
  const active = (t: number) => (startAt === null ? 0 : t - startAt - pausedMsBetween(startAt, t, paused));

  const jitter = (index: number, teamId: string): number => {
    if (!(schedule.jitterMs > 0)) return 0;
    const r = seededRandom(schedule.simultaneous ? `${seed}:timeline:${index}` : `${seed}:timeline:${index}:${teamId}`)();
    return Math.floor(r * (schedule.jitterMs + 1));
  };

  /** Arms the cursor's entry if its deadline is known without waiting for an incident to end. */
  const arm = (teamId: string, c: TeamCursor, previousEndedActive?: number) => {
    const item = items[c.next];
    if (!item) return void (c.deadline = null);
    if (item.atMs !== undefined) c.deadline = item.atMs + jitter(item.index, teamId);
    else if (previousEndedActive !== undefined) c.deadline = previousEndedActive + (item.afterPreviousMs ?? 0) + jitter(item.index, teamId);
    else c.deadline = null;
  };

  const earliest = (teamId?: string): number | null => {
    let best: number | null = null;
    for (const [id, c] of teams) {
      if (teamId !== undefined && id !== teamId) continue;
      if (c.deadline !== null && (best === null || c.deadline < best)) best = c.deadline;
    }
    return best;
  };

  const rearm = () => {
    timer?.cancel();
    timer = null;
    if (stopped || startAt === null || isPausedNow()) return;
    const next = earliest();
    if (next === null) return;
    const delay = next - active(clock.now());
    timer = clock.setTimeout(fire, Math.max(delay, delay > 0 ? TIMELINE_MIN_REARM_MS : 0));
  };

  const fire = () => {
    timer = null;
    if (stopped || isPausedNow()) return;
    const now = clock.now();
    const a = active(now);
    // Everything due, grouped by (deadline, entry) so that simultaneous teams get one call.
    const groups = new Map<string, { item: TimelineItem; deadline: number; teamIds: string[] }>();
    for (const [teamId, c] of teams) {
      if (c.deadline === null || c.deadline > a) continue; // never early: not due yet
      const item = items[c.next]!;
      const key = `${c.deadline}:${item.index}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { item, deadline: c.deadline, teamIds: [] }));
      g.teamIds.push(teamId);
    }
    const due = [...groups.values()].sort((x, y) => x.deadline - y.deadline || x.item.index - y.item.index);
    const injections = due.map((g) => {
      for (const teamId of g.teamIds) advance(teamId);
      return inj(g.item, g.teamIds, now - (a - g.deadline), now, false);
    });
    rearm();
    let firstError: { err: unknown } | null = null;
    for (const d of injections) {
      try {
        onDue(d);
      } catch (err) {
        if (opts.onError) opts.onError(err, d);
        else firstError ??= { err };
      }
    }
    if (firstError) throw firstError.err;
  };

  const advance = (teamId: string) => {
    const c = teams.get(teamId)!;
    c.next++;
    arm(teamId, c);
  };

  const inj = (item: TimelineItem, teamIds: string[], dueAt: number, firedAt: number, manual: boolean): DueInjection => ({
    index: item.index,
    scenarioId: item.scenarioId,
    waveId: `timeline-${item.index}`,
    teamIds: [...teamIds].sort(),
    dueAt,
    firedAt,
    manual,
  });

  for (const id of opts.teamIds) teams.set(id, { next: 0, deadline: null });

  return {
    start(at = clock.now(), restore) {
      if (startAt !== null) throw new Error("timeline already started");
      startAt = at;
      paused = (restore?.paused ?? []).map((p) => ({ ...p }));
      const fired = new Map<string, number>();
      for (const f of restore?.fired ?? []) fired.set(f.teamId, Math.max(fired.get(f.teamId) ?? -1, f.index));
      for (const [teamId, c] of teams) {
        c.next = (fired.get(teamId) ?? -1) + 1;
        arm(teamId, c);
      }
      rearm();
    },
    pause() {
      if (startAt === null || isPausedNow()) return;
      paused.push({ from: clock.now(), to: null });
      rearm();
    },
    resume() {
      if (!isPausedNow()) return;
      paused[paused.length - 1]!.to = clock.now();
      rearm();
    },
    previousEnded(teamId, index) {
      const c = teams.get(teamId);
      const item = c && items[c.next];
      if (!c || !item || c.next !== index + 1 || item.afterPreviousMs === undefined || c.deadline !== null) return;
      arm(teamId, c, active(clock.now()));
      rearm();
    },
    injectNow(index) {
      if (startAt === null || stopped) return null;
      let target = index;
      if (target === undefined) {
        // The next wave: the smallest pending entry index among teams.
        for (const c of teams.values()) if (c.next < items.length && (target === undefined || c.next < target)) target = c.next;
      }
      if (target === undefined || !items[target]) return null;
      const teamIds = [...teams].filter(([, c]) => c.next === target).map(([id]) => id);
      if (teamIds.length === 0) return null;
      for (const id of teamIds) advance(id);
      const now = clock.now();
      const d = inj(items[target]!, teamIds, now, now, true);
      rearm();
      onDue(d);
      return d;
    },
    addTeam(teamId) {
      if (teams.has(teamId)) return;
      const c: TeamCursor = { next: 0, deadline: null };
      teams.set(teamId, c);
      if (startAt === null) return;
      const a = active(clock.now());
      // Skip the entries already behind us; `after` entries are only for teams that had the previous one.
      while (c.next < items.length && (items[c.next]!.atMs === undefined || items[c.next]!.atMs! + jitter(items[c.next]!.index, teamId) < a)) c.next++;
      arm(teamId, c);
      rearm();
    },
    nextDueAt(teamId) {
      if (startAt === null || isPausedNow()) return null;
      const next = earliest(teamId);
      if (next === null) return null;
      const now = clock.now();
      return now + Math.max(0, next - active(now));
    },
    nextDueInMs(teamId) {
      if (startAt === null) return null;
      const next = earliest(teamId);
      return next === null ? null : Math.max(0, next - active(clock.now()));
    },
    isPaused: isPausedNow,
    isDone: () => [...teams.values()].every((c) => c.next >= items.length),
    stop() {
      stopped = true;
      timer?.cancel();
      timer = null;
    },
  };
}

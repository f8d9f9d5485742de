/**
 * Pause accounting. While a game is paused every incident clock stops, so elapsed times (TTD, TTR,
 * time limits, sustain windows) count only the active time between two instants.
 */

/** A paused interval in epoch ms; `to` is null while the pause is still going on. */
export interface PausedInterval {
  from: number;
  to: number | null;
}

/**
 * Paused intervals from `game-paused` / `game-resumed` events, in log order. A second pause
 * while paused, or a resume while running, is ignored (idempotent host buttons).
 */
export function pausedIntervalsFrom(events: readonly { type: string; at: number }[]): PausedInterval[] {
  const out: PausedInterval[] = [];
  let open: PausedInterval | null = null;
  for (const e of events) {
    if (e.type === "game-paused" && !open) {
      open = { from: e.at, to: null };
      out.push(open);
    } else if (e.type === "game-resumed" && open) {
      open.to = Math.max(open.from, e.at);
      open = null;
    }
  }
  return out;
}

/** Milliseconds of [from, to] that fall inside paused intervals. */
export function pausedMsBetween(from: number, to: number, paused: readonly PausedInterval[]): number {
  if (!(to > from)) return 0;
  let total = 0;
  for (const p of paused) {
    const end = p.to ?? Number.POSITIVE_INFINITY;
    const lo = Math.max(from, p.from);
    const hi = Math.min(to, end);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/** Active (unpaused) milliseconds from `from` to `to`; never negative. */
export function activeMsBetween(from: number, to: number, paused: readonly PausedInterval[]): number {
  if (!(to > from)) return 0;
  return to - from - pausedMsBetween(from, to, paused);
}

/**
 * The wall-clock instant at which `activeMs` of active time will have passed since `from`,
 * assuming no pause beyond those known. Returns null if a still-open pause blocks it.
 */
export function wallTimeAfterActive(from: number, activeMs: number, paused: readonly PausedInterval[]): number | null {
  let t = from;
  let remaining = Math.max(0, activeMs);
  const sorted = [...paused].sort((a, b) => a.from - b.from);
  for (const p of sorted) {
    const end = p.to ?? Number.POSITIVE_INFINITY;
    if (end <= t) continue;
    const runUntil = Math.max(t, p.from);
    if (runUntil - t >= remaining) return t + remaining;
    remaining -= runUntil - t;
    if (end === Number.POSITIVE_INFINITY) return null; // still paused: not due until a resume
    t = end;
  }
  return t + remaining;
}

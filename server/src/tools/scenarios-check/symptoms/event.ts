import type { EventSymptom } from "../../../scenarios/index.js";
import { globMatches } from "../../../engine/glob.js";
import { dig, objectsOf } from "../../../engine/recovery.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/**
 * Such an Event was recorded (or repeated) after the break — what `kubectl get events` / describe show.
 * Events from the baseline starting up (a readiness probe failing while the app boots) do not count.
 */
export const event: SymptomChecker<EventSymptom> = (s, ctx) => {
  // Event times have second precision.
  const since = Math.floor(ctx.since / 1000) * 1000;
  const events = Object.values(objectsOf(ctx.snapshot, "events")).filter((e) => lastSeen(e) >= since);
  const describe = (e: unknown) => `${String(dig(e, "involvedObject", "kind"))}/${String(dig(e, "involvedObject", "name"))} ${String(dig(e, "reason"))}: ${String(dig(e, "message"))}`;
  const hit = events.find(
    (e) =>
      dig(e, "reason") === s.reason &&
      (s.messageContains === undefined || String(dig(e, "message") ?? "").includes(s.messageContains)) &&
      (s.involvedKind === undefined || dig(e, "involvedObject", "kind") === s.involvedKind) &&
      (s.involvedName === undefined || globMatches(s.involvedName, String(dig(e, "involvedObject", "name") ?? ""))),
  );
  if (hit) return seen(describe(hit));
  const sameReason = events.filter((e) => dig(e, "reason") === s.reason).map(describe);
  return notSeen(
    sameReason.length
      ? `events with reason ${s.reason}: ${sameReason.slice(-3).join(" | ")}`
      : `no ${s.reason} event since the break; reasons since then: ${[...new Set(events.map((e) => String(dig(e, "reason"))))].join(", ") || "none"}`,
  );
};

/** Last time the event occurred, epoch ms (0 when it carries no time). */
export function lastSeen(e: unknown): number {
  const t = dig(e, "series", "lastObservedTime") ?? dig(e, "lastTimestamp") ?? dig(e, "eventTime") ?? dig(e, "firstTimestamp") ?? dig(e, "metadata", "creationTimestamp");
  const ms = typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

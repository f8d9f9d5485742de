import { formatClock } from "../lib/format.js";
import { useNow } from "../lib/use-now.js";

/** Countdown to an epoch-ms moment; renders nothing when there is none. */
export function Countdown({ to, label }: { to: number; label: string }) {
  const now = useNow();
  if (!to) return null;
  const left = to - now;
  return (
    <div className="countdown" aria-live="off">
      <span className="countdown-label">{label}</span>
      <span className="countdown-value">{left > 0 ? formatClock(left) : "now"}</span>
    </div>
  );
}

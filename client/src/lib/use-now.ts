import { useEffect, useState } from "react";

/** Re-renders every `intervalMs` with the current time, for live timers and countdowns. */
export const TIMER_REFRESH_MS = 500;

export function useNow(intervalMs = TIMER_REFRESH_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

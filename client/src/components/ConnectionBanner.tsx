import type { ConnectionStatus } from "../lib/room-events.js";

export function ConnectionBanner({ status, failure }: { status: ConnectionStatus; failure: string | null }) {
  if (status === "connected") return null;
  const text =
    status === "connecting"
      ? "Connecting to the game…"
      : status === "reconnecting"
        ? "Connection lost — reconnecting. Your view stays as it was."
        : status === "closed"
          ? "Disconnected from the game. Reload to rejoin."
          : (failure ?? "Could not connect.");
  return (
    <div className={`banner banner-${status}`} role="status" aria-live="polite">
      {text}
    </div>
  );
}

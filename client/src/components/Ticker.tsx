import type { TickerMessage } from "../../../server/src/protocol/index.js";

/** Plain symbols every font has: projector machines often lack an emoji font. */
const ICONS: Record<TickerMessage["kind"], string> = {
  diagnosed: "◎",
  recovered: "✔",
  "first-to-recover": "★",
  injected: "▲",
  expired: "✖",
  info: "•",
};

export function Ticker({ lines, limit = 6 }: { lines: TickerMessage[]; limit?: number }) {
  if (lines.length === 0) return <p className="empty ticker-empty">Waiting for the first move…</p>;
  return (
    <ul className="ticker" aria-live="polite" aria-label="Game events">
      {lines.slice(0, limit).map((l) => (
        <li key={`${l.at}-${l.text}`} className={`ticker-${l.kind}`}>
          <span aria-hidden="true">{ICONS[l.kind]}</span> {l.text}
        </li>
      ))}
    </ul>
  );
}

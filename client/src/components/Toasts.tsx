import { useEffect } from "react";
import type { Toast } from "../lib/room-events.js";

/** How long a toast stays before it dismisses itself. */
export const TOAST_LIFETIME_MS = 8000;

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toasts.length === 0) return;
    const oldest = toasts[0]!;
    const t = setTimeout(() => onDismiss(oldest.id), TOAST_LIFETIME_MS);
    return () => clearTimeout(t);
  }, [toasts, onDismiss]);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role="alert">
          <span>{t.kind === "broadcast" ? "📣 " : t.kind === "error" ? "⚠ " : ""}{t.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

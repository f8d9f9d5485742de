import { useState } from "react";
import type { HintView, ScenarioBriefView } from "../../../server/src/protocol/index.js";
import { formatClock } from "../lib/format.js";
import { useNow } from "../lib/use-now.js";

interface Props {
  incidentId: string;
  injectedAt: number;
  brief: ScenarioBriefView;
  /** Bought hints for this incident (texts filled in). */
  bought: HintView[];
  disabled?: boolean;
  onBuy: (hintIndex: number) => void;
}

/** Hints with their cost; buying asks for confirmation first, because it costs points. */
export function HintPanel({ incidentId, injectedAt, brief, bought, disabled, onBuy }: Props) {
  const now = useNow();
  const [confirming, setConfirming] = useState<number | null>(null);
  if (brief.hints.length === 0) return null;
  return (
    <section className="hints" aria-label="Hints">
      <h4>Hints</h4>
      <ol>
        {brief.hints.map((h, i) => {
          const have = bought.find((b) => b.incidentId === incidentId && b.hintIndex === i);
          const unlockAt = injectedAt + h.unlockAfterMs;
          const locked = now < unlockAt;
          if (have) {
            return (
              <li key={i} className="hint bought">
                <p>{have.text}</p>
                <small>−{h.cost} pts</small>
              </li>
            );
          }
          return (
            <li key={i} className="hint">
              {confirming === i ? (
                <span className="confirm" role="group" aria-label={`Confirm buying hint ${i + 1}`}>
                  Spend {h.cost} points on hint {i + 1}?{" "}
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(null);
                      onBuy(i);
                    }}
                  >
                    Yes, buy it
                  </button>{" "}
                  <button type="button" onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" disabled={disabled || locked} onClick={() => setConfirming(i)}>
                  {locked ? `Hint ${i + 1} unlocks in ${formatClock(unlockAt - now)}` : `Buy hint ${i + 1} (−${h.cost} pts)`}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

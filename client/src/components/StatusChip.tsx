import type { IncidentStatus } from "../../../server/src/protocol/index.js";

const LABELS: Record<IncidentStatus, string> = {
  injected: "Investigating",
  diagnosed: "Diagnosed",
  recovered: "Recovered",
  expired: "Expired",
};

export function StatusChip({ status }: { status: IncidentStatus }) {
  return (
    <span className={`chip chip-${status}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}

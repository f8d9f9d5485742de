import type { IncidentView } from "../../../server/src/protocol/index.js";
import { formatClock, formatPoints } from "../lib/format.js";
import { useNow } from "../lib/use-now.js";
import { StatusChip } from "./StatusChip.js";

/** Time the card's live timer shows: running since injection until the incident ends. */
export function incidentElapsedMs(incident: IncidentView, now: number): number {
  const end = incident.recoveredAt || (incident.status === "expired" ? incident.expiresAt : 0) || now;
  return Math.max(0, end - incident.injectedAt);
}

export function IncidentCard({ incident, children }: { incident: IncidentView; children?: React.ReactNode }) {
  const now = useNow();
  const elapsed = incidentElapsedMs(incident, now);
  const remaining = incident.status === "injected" || incident.status === "diagnosed" ? Math.max(0, incident.expiresAt - now) : null;
  return (
    <article className={`incident-card incident-${incident.status}`} aria-labelledby={`inc-${incident.incidentId}`}>
      <header>
        <h3 id={`inc-${incident.incidentId}`}>{incident.title}</h3>
        <StatusChip status={incident.status} />
      </header>
      <p className="summary">{incident.summary}</p>
      <dl className="incident-times">
        <div>
          <dt>Elapsed</dt>
          <dd className="timer" aria-live="off">
            {formatClock(elapsed)}
          </dd>
        </div>
        <div>
          <dt>Diagnosed</dt>
          <dd>{incident.diagnosedAt ? formatClock(incident.diagnosedAt - incident.injectedAt) : "—"}</dd>
        </div>
        <div>
          <dt>Recovered</dt>
          <dd>{incident.recoveredAt ? formatClock(incident.recoveredAt - incident.injectedAt) : "—"}</dd>
        </div>
        {remaining !== null ? (
          <div>
            <dt>Time left</dt>
            <dd className={remaining < 60_000 ? "urgent" : ""}>{formatClock(remaining)}</dd>
          </div>
        ) : (
          <div>
            <dt>Points</dt>
            <dd>{formatPoints(incident.points)}</dd>
          </div>
        )}
      </dl>
      {children}
    </article>
  );
}

import type { ActivityView } from "../../../server/src/protocol/index.js";
import { formatTime } from "../lib/format.js";

/** The team's own kubectl requests, newest first, as the gateway saw them. */
export function ActivityFeed({ activity, limit = 25 }: { activity: ActivityView[]; limit?: number }) {
  const rows = [...activity].sort((a, b) => b.at - a.at).slice(0, limit);
  if (rows.length === 0) return <p className="empty">No kubectl activity yet. Run <code>kubectl get pods</code> to start.</p>;
  return (
    <ul className="activity-feed" aria-label="Your kubectl activity">
      {rows.map((a, i) => (
        <li key={`${a.at}-${i}`} className={a.allowed ? "" : "denied"}>
          <time>{formatTime(a.at)}</time>
          <code>{a.kubectlCommand || `${a.verb} ${a.resource}`}</code>
          <span className="target">
            {a.resource}
            {a.name ? `/${a.name}` : ""}
          </span>
          <span className={`code code-${Math.floor(a.code / 100)}xx`}>{a.allowed ? a.code : "denied"}</span>
        </li>
      ))}
    </ul>
  );
}

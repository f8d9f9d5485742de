import { useMemo, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useGameRoom } from "../lib/use-game-room.js";
import { session } from "../lib/session.js";
import { formatClock, formatPoints } from "../lib/format.js";
import { ConnectionBanner } from "../components/ConnectionBanner.js";
import { Toasts } from "../components/Toasts.js";
import { Countdown } from "../components/Countdown.js";
import { StatusChip } from "../components/StatusChip.js";
import { ActivityFeed } from "../components/ActivityFeed.js";
import { Ticker } from "../components/Ticker.js";
import { rankedTeams } from "../components/Leaderboard.js";
import { ErrorNotice, Loading } from "../components/Loading.js";

export function HostConsole() {
  const { code = "" } = useParams();
  const location = useLocation();
  const fromHash = /key=([^&]+)/.exec(location.hash)?.[1];
  if (fromHash) session.saveHostKey(code, decodeURIComponent(fromHash));
  const hostKey = session.hostKey(code);
  const options = useMemo(() => (hostKey ? { role: "host" as const, code: code.toUpperCase(), hostKey } : null), [code, hostKey]);
  const room = useGameRoom(options);
  const [broadcast, setBroadcast] = useState("");
  const [injectScenario, setInjectScenario] = useState("");
  const [injectTeams, setInjectTeams] = useState<string[]>([]);
  const [confirmEnd, setConfirmEnd] = useState(false);

  if (!hostKey) {
    return (
      <main className="page narrow">
        <ErrorNotice message="This browser does not hold the host key for this game. Open the host console from the browser that created it." />
      </main>
    );
  }
  const state = room.state;
  const connected = room.status === "connected";
  const scenarios = room.schedule?.scenarios ?? [];
  const teams = state ? rankedTeams(state.teams) : [];

  return (
    <main className="page host-console">
      <ConnectionBanner status={room.status} failure={room.failure} />
      <Toasts toasts={room.toasts} onDismiss={room.dismissToast} />
      <header className="console-header">
        <div>
          <h1>Host console</h1>
          <p className="sub">
            {state?.name ?? "…"} · code <span className="code-badge">{code.toUpperCase()}</span> · phase <strong data-testid="phase">{state?.phase ?? "…"}</strong>
          </p>
        </div>
        <nav className="links">
          <a href={`/screen/${code.toUpperCase()}`} target="_blank" rel="noreferrer">
            Big screen
          </a>
          <Link to={`/debrief/${code.toUpperCase()}`}>Debrief</Link>
        </nav>
      </header>
      {!state ? <Loading label="Connecting as host…" /> : null}
      {state ? (
        <>
          <section className="panel controls" aria-label="Game controls">
            <div className="button-row">
              <button type="button" disabled={!connected || state.phase !== "lobby"} onClick={() => room.send("start")}>
                Start
              </button>
              <button type="button" disabled={!connected || state.phase !== "running"} onClick={() => room.send("pause")}>
                Pause
              </button>
              <button type="button" disabled={!connected || state.phase !== "paused"} onClick={() => room.send("resume")}>
                Resume
              </button>
              {confirmEnd ? (
                <span role="group" aria-label="Confirm ending the game">
                  End the game for everyone?{" "}
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirmEnd(false);
                      room.send("end");
                    }}
                  >
                    Yes, end it
                  </button>{" "}
                  <button type="button" onClick={() => setConfirmEnd(false)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" className="danger" disabled={!connected || state.phase === "ended"} onClick={() => setConfirmEnd(true)}>
                  End game
                </button>
              )}
              <button type="button" className="secondary" disabled={!connected} onClick={() => room.send("freeze", { frozen: !state.frozen })}>
                {state.frozen ? "Unfreeze scoreboard" : "Freeze scoreboard"}
              </button>
            </div>
            <Countdown to={room.schedule?.next?.at ?? state.nextInjectionAt} label={room.schedule?.next ? `Next: ${room.schedule.next.title}` : "Next injection"} />
          </section>
          {room.schedule && room.schedule.entries.length > 0 ? (
            <section className="panel" aria-label="Timeline">
              <h2>Timeline</h2>
              <ol className="schedule">
                {room.schedule.entries.map((e) => (
                  <li key={e.index} className={e.injectedTeams >= teams.length && teams.length > 0 ? "done" : ""}>
                    <strong>{e.title}</strong>{" "}
                    <small>
                      {e.trigger === "at" ? `at +${formatClock(e.offsetMs)}` : `${formatClock(e.offsetMs)} after each team's previous incident`} · injected for{" "}
                      {e.injectedTeams}/{teams.length} teams
                    </small>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}

          <div className="console-grid">
            <section className="panel" aria-label="Teams">
              <h2>Teams ({teams.length})</h2>
              <table className="teams-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Team</th>
                    <th scope="col">Online</th>
                    <th scope="col">Points</th>
                    <th scope="col">Current incident</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {teams.map((t) => {
                    const latest = t.incidents[t.incidents.length - 1];
                    return (
                      <tr key={t.teamId} data-team={t.name}>
                        <td>{t.rank}</td>
                        <td>
                          {t.name}
                          <br />
                          <small><code>{t.namespace}</code></small>
                        </td>
                        <td>{t.playersOnline}</td>
                        <td>{formatPoints(t.points)}</td>
                        <td>
                          {latest ? (
                            <>
                              {latest.title} <StatusChip status={latest.status} />{" "}
                              {latest.recoveredAt ? <small>TTR {formatClock(latest.recoveredAt - latest.injectedAt)}</small> : null}
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                        <td>
                          <button type="button" className="secondary small" disabled={!connected} onClick={() => room.send("resetTeam", { teamId: t.teamId })}>
                            Reset namespace
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {teams.length === 0 ? <p className="empty">No teams yet. Share the join code.</p> : null}
            </section>

            <aside className="side">
              <form
                className="panel"
                aria-label="Inject now"
                onSubmit={(e) => {
                  e.preventDefault();
                  room.send("injectNow", { scenario: injectScenario, ...(injectTeams.length ? { teams: injectTeams } : {}) });
                }}
              >
                <h2>Inject now</h2>
                <select aria-label="Scenario to inject" value={injectScenario} onChange={(e) => setInjectScenario(e.target.value)}>
                  <option value="">Choose a scenario…</option>
                  {scenarios.map((s) => (
                    <option key={s.scenarioId} value={s.scenarioId}>
                      {s.title}
                    </option>
                  ))}
                </select>
                <fieldset>
                  <legend>Teams (none ticked = all)</legend>
                  {teams.map((t) => (
                    <label key={t.teamId} className="option">
                      <input
                        type="checkbox"
                        checked={injectTeams.includes(t.teamId)}
                        onChange={(e) => setInjectTeams(e.target.checked ? [...injectTeams, t.teamId] : injectTeams.filter((x) => x !== t.teamId))}
                      />
                      {t.name}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" disabled={!connected || !injectScenario || state.phase === "ended"}>
                  Inject
                </button>
              </form>
              <form
                className="panel"
                aria-label="Broadcast"
                onSubmit={(e) => {
                  e.preventDefault();
                  room.send("broadcast", { text: broadcast });
                  setBroadcast("");
                }}
              >
                <h2>Broadcast to everyone</h2>
                <input aria-label="Message" maxLength={280} value={broadcast} onChange={(e) => setBroadcast(e.target.value)} placeholder="5 minutes left!" />
                <button type="submit" disabled={!connected || !broadcast.trim()}>
                  Send
                </button>
              </form>
              <section className="panel">
                <h2>Game events</h2>
                <Ticker lines={room.ticker} limit={10} />
              </section>
            </aside>
          </div>

          <section className="panel" aria-label="Recent activity">
            <h2>Recent activity</h2>
            <div className="activity-columns">
              {teams.map((t) => (
                <div key={t.teamId}>
                  <h3>{t.name}</h3>
                  <ActivityFeed activity={state.privates[t.teamId]?.activity ?? []} limit={8} />
                </div>
              ))}
            </div>
          </section>
        </>
      ) : null}
    </main>
  );
}

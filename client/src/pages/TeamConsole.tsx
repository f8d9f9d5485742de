import { useMemo, useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { useGameRoom } from "../lib/use-game-room.js";
import { session, teamInviteLink } from "../lib/session.js";
import { formatPoints, ordinal } from "../lib/format.js";
import { ConnectionBanner } from "../components/ConnectionBanner.js";
import { Toasts } from "../components/Toasts.js";
import { IncidentCard } from "../components/IncidentCard.js";
import { HintPanel } from "../components/HintPanel.js";
import { DeclarationForm } from "../components/DeclarationForm.js";
import { KubeconfigPanel } from "../components/KubeconfigPanel.js";
import { ActivityFeed } from "../components/ActivityFeed.js";
import { Leaderboard } from "../components/Leaderboard.js";
import { Countdown } from "../components/Countdown.js";
import { Loading } from "../components/Loading.js";

export function TeamConsole() {
  const { code = "" } = useParams();
  const creds = session.team(code);
  const joinOptions = useMemo(
    () => (creds ? { role: "team" as const, code: code.toUpperCase(), teamToken: creds.teamToken, playerName: creds.playerName || "player" } : null),
    [code, creds?.teamToken, creds?.playerName],
  );
  const room = useGameRoom(joinOptions);
  const [inviteCopied, setInviteCopied] = useState(false);
  if (!creds) return <Navigate to={`/join/${code}`} replace />;

  const state = room.state;
  const me = state?.teams[creds.teamId];
  const mine = state?.privates[creds.teamId];
  // The team's own incidents come from its private view: live even while the public board is frozen.
  const incidents = mine?.incidents ?? me?.incidents ?? [];
  const active = incidents.filter((i) => i.status === "injected" || i.status === "diagnosed");
  const done = incidents.filter((i) => i.status === "recovered" || i.status === "expired");

  return (
    <main className="page team-console">
      <ConnectionBanner status={room.status} failure={room.failure} />
      <Toasts toasts={room.toasts} onDismiss={room.dismissToast} />
      <header className="console-header">
        <div>
          <h1>{creds.teamName}</h1>
          <p className="sub">
            {state?.name ?? "…"} · <span className="code-badge">{code.toUpperCase()}</span> · playing as {creds.playerName}
          </p>
        </div>
        {me ? (
          <div className="score-summary" aria-label="Your score">
            <span className="big-number" data-testid="my-points">{formatPoints(me.points)}</span> pts
            <span className="rank">{ordinal(me.rank)}</span>
          </div>
        ) : null}
      </header>
      {state?.phase === "ended" ? (
        <p className="panel ended">
          The game is over. <Link to={`/debrief/${code.toUpperCase()}`}>Read the debrief</Link>
        </p>
      ) : null}
      {state?.phase === "paused" ? <p className="banner banner-paused">The host paused the game. Timers are stopped.</p> : null}
      {state?.phase === "lobby" ? <p className="panel">Waiting for the host to start. Set up kubectl now so you're ready.</p> : null}
      {state ? <Countdown to={state.nextInjectionAt} label="Next incident in" /> : null}

      <div className="console-grid">
        <section className="incidents" aria-label="Incidents">
          {!state ? <Loading label="Joining the game…" /> : null}
          {state && active.length === 0 && done.length === 0 ? <p className="empty">No incidents yet. The cluster is healthy — for now.</p> : null}
          {active.map((inc) => {
            const brief = state!.scenarios[inc.scenarioId];
            return (
              <IncidentCard key={inc.incidentId} incident={inc}>
                {brief ? (
                  <>
                    <DeclarationForm
                      incidentId={inc.incidentId}
                      brief={brief}
                      declarations={mine?.declarations ?? []}
                      disabled={room.status !== "connected"}
                      onDeclare={(optionId) => room.send("declareRootCause", { incidentId: inc.incidentId, optionId })}
                    />
                    <HintPanel
                      incidentId={inc.incidentId}
                      injectedAt={inc.injectedAt}
                      brief={brief}
                      bought={mine?.hints ?? []}
                      disabled={room.status !== "connected"}
                      onBuy={(hintIndex) => room.send("buyHint", { incidentId: inc.incidentId, hintIndex })}
                    />
                  </>
                ) : null}
              </IncidentCard>
            );
          })}
          {done.length > 0 ? (
            <details className="past-incidents" open={active.length === 0}>
              <summary>Finished incidents ({done.length})</summary>
              {done.map((inc) => (
                <IncidentCard key={inc.incidentId} incident={inc} />
              ))}
            </details>
          ) : null}
        </section>
        <aside className="side">
          <KubeconfigPanel code={code.toUpperCase()} teamId={creds.teamId} teamToken={creds.teamToken} namespace={creds.namespace} />
          <section className="panel">
            <h2>Invite teammates</h2>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(teamInviteLink(window.location.origin, code.toUpperCase(), creds)).then(() => setInviteCopied(true));
              }}
            >
              {inviteCopied ? "Invite link copied" : "Copy team invite link"}
            </button>
          </section>
          <section className="panel">
            <h2>Your kubectl activity</h2>
            <ActivityFeed activity={mine?.activity ?? []} />
          </section>
          <section className="panel">
            <h2>Leaderboard</h2>
            {state ? <Leaderboard teams={state.teams} highlightTeamId={creds.teamId} /> : null}
          </section>
        </aside>
      </div>
    </main>
  );
}

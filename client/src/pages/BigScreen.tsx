import { useMemo } from "react";
import { useParams } from "react-router";
import { useGameRoom } from "../lib/use-game-room.js";
import { ConnectionBanner } from "../components/ConnectionBanner.js";
import { Leaderboard } from "../components/Leaderboard.js";
import { Countdown } from "../components/Countdown.js";
import { Ticker } from "../components/Ticker.js";
import { Loading } from "../components/Loading.js";

/** The projector view: large type, high contrast, nothing to click. */
export function BigScreen() {
  const { code = "" } = useParams();
  const options = useMemo(() => ({ role: "screen" as const, code: code.toUpperCase() }), [code]);
  const room = useGameRoom(options);
  const state = room.state;
  return (
    <main className="big-screen">
      <ConnectionBanner status={room.status} failure={room.failure} />
      {state?.frozen ? (
        <div className="freeze-banner" role="status">
          ❄ Scoreboard frozen — final standings revealed at the end
        </div>
      ) : null}
      <header>
        <h1>{state?.name ?? "Firedrill"}</h1>
        <div className="join-hint">
          Join at <strong>{window.location.host}</strong> with code <strong className="code-badge big">{code.toUpperCase()}</strong>
        </div>
      </header>
      {!state ? (
        <Loading label="Connecting to the game…" />
      ) : (
        <div className="screen-grid">
          <section aria-label="Leaderboard">
            <Leaderboard teams={state.teams} size="large" showIncidents />
          </section>
          <aside>
            {state.phase === "running" ? (
              <Countdown to={state.nextInjectionAt} label="Next incident in" />
            ) : (
              <p className="phase-label">{state.phase === "lobby" ? "Waiting to start" : state.phase === "paused" ? "Paused" : "Game over"}</p>
            )}
            <Ticker lines={room.ticker} limit={8} />
          </aside>
        </div>
      )}
    </main>
  );
}

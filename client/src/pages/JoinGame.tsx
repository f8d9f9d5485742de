import { useEffect, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import type { GameInfo } from "../../../server/src/protocol/index.js";
import { ApiError, api } from "../lib/api.js";
import { parseInvite, session } from "../lib/session.js";
import { ErrorNotice, Loading } from "../components/Loading.js";

export function JoinGame() {
  const { code = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [game, setGame] = useState<GameInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [playerName, setPlayerName] = useState("");
  const [teamName, setTeamName] = useState("");
  const [pickedTeam, setPickedTeam] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invite = parseInvite(location.hash);

  useEffect(() => {
    api
      .getGame(code)
      .then(setGame)
      .catch((e: unknown) =>
        setLoadError(e instanceof ApiError && e.status === 404 ? `There is no game with code ${code.toUpperCase()}. Check the code with your host.` : String((e as Error).message)),
      );
  }, [code]);

  useEffect(() => {
    const existing = session.team(code);
    if (existing && !invite) navigate(`/team/${code.toUpperCase()}`, { replace: true });
  }, [code, invite, navigate]);

  if (loadError) return <main className="page narrow"><ErrorNotice message={loadError} action={<a href="/">Back</a>} /></main>;
  if (!game) return <main className="page narrow"><Loading label="Looking up the game…" /></main>;
  if (game.phase === "ended") {
    return (
      <main className="page narrow">
        <ErrorNotice message="This game has ended." action={<a href={`/debrief/${game.code}`}>Read the debrief</a>} />
      </main>
    );
  }

  const nameOk = playerName.trim().length > 0;

  async function createTeam() {
    setBusy(true);
    setError(null);
    try {
      const res = await api.createTeam(game!.code, teamName.trim());
      session.saveTeam(game!.code, { teamId: res.teamId, teamToken: res.teamToken, namespace: res.namespace, teamName: teamName.trim(), playerName: playerName.trim() });
      navigate(`/team/${game!.code}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <h1>
        Join <span className="game-name">{game.name}</span> <small className="code-badge">{game.code}</small>
      </h1>
      <label htmlFor="player">Your name</label>
      <input id="player" value={playerName} maxLength={40} onChange={(e) => setPlayerName(e.target.value)} placeholder="Ada" autoFocus />

      {invite ? (
        <section className="panel">
          <h2>You were invited to team {invite.teamName}</h2>
          <button
            type="button"
            disabled={!nameOk}
            onClick={() => {
              session.saveTeam(game.code, { ...invite, playerName: playerName.trim() });
              navigate(`/team/${game.code}`);
            }}
          >
            Join {invite.teamName}
          </button>
        </section>
      ) : (
        <>
          {game.teams.length > 0 ? (
            <section className="panel">
              <h2>Join your team</h2>
              <p>Ask a teammate for the team's invite link (on their team console), or pick your team to see how.</p>
              <ul className="team-picker">
                {game.teams.map((t) => (
                  <li key={t.teamId}>
                    <button type="button" className={pickedTeam === t.teamId ? "secondary active" : "secondary"} onClick={() => setPickedTeam(t.teamId)}>
                      {t.name}
                    </button>
                  </li>
                ))}
              </ul>
              {pickedTeam ? (
                <p className="hint-text" role="status">
                  Teams are private: open the invite link a member of {game.teams.find((t) => t.teamId === pickedTeam)?.name} can copy from their console.
                </p>
              ) : null}
            </section>
          ) : null}
          {game.openRegistration !== false ? (
            <form
              className="panel"
              onSubmit={(e) => {
                e.preventDefault();
                void createTeam();
              }}
            >
              <h2>Create a team</h2>
              <label htmlFor="team">Team name</label>
              <input id="team" value={teamName} maxLength={40} onChange={(e) => setTeamName(e.target.value)} placeholder="Orion" />
              <button type="submit" disabled={busy || !nameOk || !teamName.trim()}>
                {busy ? "Creating your namespace…" : "Create team"}
              </button>
            </form>
          ) : (
            <p className="panel">The host creates the teams for this game. Ask them for your team's invite link.</p>
          )}
        </>
      )}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </main>
  );
}

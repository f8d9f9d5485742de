import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { CreateGameResponse, PackSummary, ScenarioSummary, SeasonSummary } from "../../../server/src/protocol/index.js";
import { ApiError, api } from "../lib/api.js";
import { formatClock } from "../lib/format.js";
import { session } from "../lib/session.js";
import { ErrorNotice, Loading } from "../components/Loading.js";

type Mode = "pack" | "scenarios";

export function HostNew() {
  const [packs, setPacks] = useState<PackSummary[] | null>(null);
  const [scenarios, setScenarios] = useState<ScenarioSummary[] | null>(null);
  const [seasons, setSeasons] = useState<SeasonSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [mode, setMode] = useState<Mode>("pack");
  const [pack, setPack] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [openRegistration, setOpenRegistration] = useState(true);
  const [maxTeams, setMaxTeams] = useState(20);
  const [seasonId, setSeasonId] = useState("");
  const [newSeason, setNewSeason] = useState("");
  const [adminToken, setAdminToken] = useState("");
  const [needsAdmin, setNeedsAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreateGameResponse | null>(null);

  useEffect(() => {
    Promise.all([api.packs(), api.scenarios(), api.seasons().catch(() => [])])
      .then(([p, s, se]) => {
        setPacks(p);
        setScenarios(s);
        setSeasons(se);
        if (p[0]) setPack(p[0].id);
      })
      .catch((e: unknown) => setLoadError((e as Error).message));
  }, []);

  if (loadError) return <main className="page narrow"><ErrorNotice message={loadError} /></main>;
  if (!packs || !scenarios) return <main className="page narrow"><Loading label="Loading scenarios…" /></main>;

  if (created) {
    const joinLink = `${window.location.origin}/join/${created.code}`;
    return (
      <main className="page narrow">
        <h1>Your game is ready</h1>
        <section className="panel created">
          <p>
            Join code <strong className="code-badge big" data-testid="join-code">{created.code}</strong>
          </p>
          <p>
            Share this link with players: <a href={joinLink}>{joinLink}</a>
          </p>
          <p>
            <Link className="button" to={`/host/${created.code}`}>
              Open the host console
            </Link>{" "}
            <a className="button secondary" href={`/screen/${created.code}`} target="_blank" rel="noreferrer">
              Open the big screen
            </a>
          </p>
          <p className="hint-text">Your host key is saved in this browser. Keep this tab's browser for hosting.</p>
        </section>
      </main>
    );
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      let season = seasonId || undefined;
      if (newSeason.trim()) season = (await api.createSeason(newSeason.trim(), adminToken || undefined)).seasonId;
      const res = await api.createGame(
        {
          name: name.trim(),
          ...(mode === "pack" ? { pack } : { scenarios: chosen }),
          settings: { openRegistration, maxTeams, maxPlayersPerTeam: 6 },
          ...(season ? { seasonId: season } : {}),
        },
        adminToken || undefined,
      );
      session.saveHostKey(res.code, res.hostKey);
      setCreated(res);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setNeedsAdmin(true);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const valid = name.trim().length > 0 && (mode === "pack" ? Boolean(pack) : chosen.length > 0);
  return (
    <main className="page narrow">
      <h1>Host a game</h1>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="game-name">Game name</label>
        <input id="game-name" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} placeholder="Friday incident drill" />

        <fieldset>
          <legend>Content</legend>
          <label className="option">
            <input type="radio" name="mode" checked={mode === "pack"} onChange={() => setMode("pack")} /> A scenario pack (scheduled)
          </label>
          <label className="option">
            <input type="radio" name="mode" checked={mode === "scenarios"} onChange={() => setMode("scenarios")} /> Hand-picked scenarios (inject them yourself)
          </label>
        </fieldset>

        {mode === "pack" ? (
          <div className="pack-list" role="radiogroup" aria-label="Scenario pack">
            {packs.map((p) => (
              <label key={p.id} className={`pack-option${pack === p.id ? " active" : ""}`}>
                <input type="radio" name="pack" value={p.id} checked={pack === p.id} onChange={() => setPack(p.id)} />
                <strong>{p.title}</strong> <small>{formatClock(p.durationMs)} · {p.scenarios.length} incidents</small>
                <span>{p.description}</span>
              </label>
            ))}
          </div>
        ) : (
          <div className="scenario-list" aria-label="Scenarios">
            {scenarios.map((s) => (
              <label key={s.id} className="option">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((c) => c !== s.id))}
                />
                <strong>{s.title}</strong> <small className={`difficulty ${s.difficulty}`}>{s.difficulty}</small> <small>{s.points} pts</small>
              </label>
            ))}
          </div>
        )}

        <fieldset>
          <legend>Settings</legend>
          <label className="option">
            <input type="checkbox" checked={openRegistration} onChange={(e) => setOpenRegistration(e.target.checked)} /> Players create their own teams
          </label>
          <label htmlFor="max-teams">Maximum teams</label>
          <input id="max-teams" type="number" min={1} max={64} value={maxTeams} onChange={(e) => setMaxTeams(Number(e.target.value))} />
        </fieldset>

        <fieldset>
          <legend>Season (classroom board)</legend>
          <select aria-label="Season" value={seasonId} onChange={(e) => setSeasonId(e.target.value)}>
            <option value="">No season</option>
            {seasons.map((s) => (
              <option key={s.seasonId} value={s.seasonId}>
                {s.name}
              </option>
            ))}
          </select>
          <input aria-label="New season name" placeholder="…or start a new season" value={newSeason} onChange={(e) => setNewSeason(e.target.value)} />
        </fieldset>

        {needsAdmin ? (
          <>
            <label htmlFor="admin">Admin token (this server requires one to create games)</label>
            <input id="admin" type="password" value={adminToken} onChange={(e) => setAdminToken(e.target.value)} />
          </>
        ) : null}
        {error ? <p className="error" role="alert">{error}</p> : null}
        <button type="submit" disabled={!valid || busy}>
          {busy ? "Creating…" : "Create game"}
        </button>
      </form>
    </main>
  );
}

import { useEffect, useState } from "react";
import { useParams } from "react-router";
import Markdown from "react-markdown";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DebriefIncident, DebriefResponse, DebriefTeam } from "../../../server/src/protocol/index.js";
import { ApiError, api } from "../lib/api.js";
import { session } from "../lib/session.js";
import { fastestTeam, scoreRows, timelineBars } from "../lib/debrief-model.js";
import { formatClock, formatPoints, formatTime } from "../lib/format.js";
import { ErrorNotice, Loading } from "../components/Loading.js";

/** Distinct, colour-blind-friendly series colours (Okabe–Ito). */
const SERIES_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];

function Breakdown({ team }: { team: DebriefTeam }) {
  const b = team.breakdown;
  if (!b) return <p>{formatPoints(team.points)} points</p>;
  const rows: [string, number][] = [
    ["Recovery", b.recovery],
    ["Diagnosis bonus", b.diagnosisBonus],
    ["Root-cause declaration", b.declaration],
    ["Hints", b.hints],
    ["First to recover", b.firstToRecover],
    ["Collateral damage", b.collateral],
  ];
  return (
    <table className="breakdown">
      <tbody>
        {rows.filter(([, v]) => v !== 0).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v > 0 ? "+" : ""}{formatPoints(v)}</td>
          </tr>
        ))}
        <tr className="total">
          <th scope="row">Total</th>
          <td>{formatPoints(b.total)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function IncidentDebrief({ incident, myTeamId }: { incident: DebriefIncident; myTeamId: string | null }) {
  const bars = timelineBars(incident);
  const fastest = fastestTeam(incident);
  const mine = incident.teams.find((t) => t.teamId === myTeamId) ?? null;
  const focus = mine ?? fastest ?? incident.teams[0] ?? null;
  return (
    <section className="panel incident-debrief" aria-label={incident.title ?? incident.scenario}>
      <h2>{incident.title ?? incident.scenario}</h2>
      <div className="debrief-grid">
        <div>
          <h3>How each team got there</h3>
          <div className="chart" data-testid="timeline-chart">
            <ResponsiveContainer width="100%" height={60 + bars.length * 44}>
              <BarChart data={bars} layout="vertical" margin={{ left: 24, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" unit="s" />
                <YAxis type="category" dataKey="team" width={110} />
                <Tooltip />
                <Legend />
                <Bar dataKey="investigating" stackId="t" name="Investigating" fill="#56B4E9" />
                <Bar dataKey="fixing" stackId="t" name="Diagnosed → fix" fill="#E69F00" />
                <Bar dataKey="recovering" stackId="t" name="Fix → recovered" fill="#009E73" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p className="comparison">
            {fastest ? (
              <>
                Fastest: <strong>{fastest.name}</strong> recovered in {formatClock(fastest.ttrMs)}
                {incident.medianTtrMs ? <> · median {formatClock(incident.medianTtrMs)}</> : null}
                {mine && mine.teamId !== fastest.teamId ? <> · you: {mine.ttrMs !== null ? formatClock(mine.ttrMs) : "not recovered"}</> : null}
              </>
            ) : (
              "No team recovered this one."
            )}
          </p>
        </div>
        {focus ? (
          <div>
            <h3>{focus.teamId === myTeamId ? "Your" : `${focus.name}'s`} commands</h3>
            <ol className="commands" data-testid="commands">
              {focus.commands.map((c, i) => (
                <li key={i} className={focus.diagnosedBy === i ? "diagnosing" : ""}>
                  <time>{formatTime(c.at)}</time> <code>{c.kubectlCommand ?? `${c.verb} ${c.resource}`}</code>{" "}
                  <span className="target">
                    {c.resource}
                    {c.name ? `/${c.name}` : ""}
                  </span>
                  {focus.diagnosedBy === i ? <strong className="found"> ← found the cause</strong> : null}
                </li>
              ))}
              {focus.commands.length === 0 ? <li className="empty">No kubectl commands recorded.</li> : null}
            </ol>
            <h3>Points</h3>
            <Breakdown team={focus} />
          </div>
        ) : null}
      </div>
      <article className="markdown">
        <Markdown>{incident.debriefMarkdown}</Markdown>
      </article>
    </section>
  );
}

export function Debrief() {
  const { code = "" } = useParams();
  const [data, setData] = useState<DebriefResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const team = session.team(code);
  const token = team?.teamToken ?? session.hostKey(code) ?? undefined;

  useEffect(() => {
    api
      .debrief(code, token)
      .then(setData)
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 409
            ? "The debrief opens when the game ends."
            : e instanceof ApiError && e.status === 404
              ? `There is no game with code ${code.toUpperCase()}.`
              : (e as Error).message,
        ),
      );
  }, [code, token]);

  if (error) return <main className="page"><ErrorNotice message={error} /></main>;
  if (!data) return <main className="page"><Loading label="Building the debrief…" /></main>;
  const names = Object.fromEntries((data.teams ?? []).map((t) => [t.teamId, t.name]));
  const rows = scoreRows(data.scoreTimeline ?? [], names);
  const shareLink = `${window.location.origin}/debrief/${code.toUpperCase()}`;
  return (
    <main className="page debrief">
      <header className="console-header">
        <div>
          <h1>Debrief: {data.game?.name ?? code.toUpperCase()}</h1>
          <p className="sub">
            Share: <a href={shareLink}>{shareLink}</a>
          </p>
        </div>
      </header>
      {data.teams && data.teams.length ? (
        <section className="panel" aria-label="Game summary">
          <h2>Final standings</h2>
          <ol className="standings">
            {data.teams.map((t) => (
              <li key={t.teamId} className={t.teamId === team?.teamId ? "mine" : ""}>
                <span className="lb-rank">{t.rank}</span> {t.name} <strong>{formatPoints(t.points)}</strong>
              </li>
            ))}
          </ol>
          {rows.length > 1 ? (
            <div className="chart" data-testid="score-chart">
              <ResponsiveContainer width="100%" height={280}>
                <LineChart data={rows}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatTime(t)} />
                  <YAxis />
                  <Tooltip labelFormatter={(t) => formatTime(Number(t))} />
                  <Legend />
                  {data.teams.map((t, i) => (
                    <Line key={t.teamId} type="stepAfter" dataKey={t.name} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} dot={false} strokeWidth={2} />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          ) : null}
        </section>
      ) : null}
      {data.incidents.length === 0 ? <p className="empty">No incidents were injected in this game.</p> : null}
      {data.incidents.map((inc) => (
        <IncidentDebrief key={inc.scenario} incident={inc} myTeamId={team?.teamId ?? null} />
      ))}
    </main>
  );
}

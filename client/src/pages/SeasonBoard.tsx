import { useEffect, useState } from "react";
import { useParams } from "react-router";
import type { SeasonLeaderboardResponse } from "../../../server/src/protocol/index.js";
import { ApiError, api } from "../lib/api.js";
import { formatClock, formatPoints } from "../lib/format.js";
import { ErrorNotice, Loading } from "../components/Loading.js";

/** Classroom board: a season's leaderboard across all its games. */
export function SeasonBoard() {
  const { id = "" } = useParams();
  const [data, setData] = useState<SeasonLeaderboardResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .seasonLeaderboard(id)
      .then(setData)
      .catch((e: unknown) => setError(e instanceof ApiError && e.status === 404 ? "There is no such season." : (e as Error).message));
  }, [id]);
  if (error) return <main className="page"><ErrorNotice message={error} /></main>;
  if (!data) return <main className="page"><Loading /></main>;
  return (
    <main className="page season">
      <h1>{data.name}</h1>
      {data.teams.length === 0 ? (
        <p className="empty">No games played in this season yet.</p>
      ) : (
        <table className="season-table">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Team</th>
              <th scope="col">Games</th>
              <th scope="col">Incidents recovered</th>
              <th scope="col">Median TTR</th>
              <th scope="col">Points</th>
            </tr>
          </thead>
          <tbody>
            {data.teams.map((t) => (
              <tr key={t.name}>
                <td>{t.rank}</td>
                <td>{t.name}</td>
                <td>{t.games}</td>
                <td>{t.incidentsRecovered}</td>
                <td>{formatClock(t.medianTtrMs)}</td>
                <td>{formatPoints(t.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

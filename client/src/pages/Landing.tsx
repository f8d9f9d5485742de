import { useState } from "react";
import { Link, useNavigate } from "react-router";

export const GAME_CODE_PATTERN = /^[A-Za-z0-9]{4,12}$/;

export function Landing() {
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="landing">
      <section className="hero">
        <h1>
          <span aria-hidden="true">🔥</span> Firedrill
        </h1>
        <p className="tagline">Live Kubernetes incident response. Real kubectl, real symptoms, scored on how fast you find the cause and bring the app back.</p>
      </section>
      <div className="landing-actions">
        <form
          className="panel"
          aria-label="Join a game"
          onSubmit={(e) => {
            e.preventDefault();
            const trimmed = code.trim().toUpperCase();
            if (!GAME_CODE_PATTERN.test(trimmed)) {
              setError("A game code is 4–12 letters or digits, like K7QX2M.");
              return;
            }
            navigate(`/join/${trimmed}`);
          }}
        >
          <h2>Join a game</h2>
          <label htmlFor="code">Game code</label>
          <input
            id="code"
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            placeholder="K7QX2M"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "code-error" : undefined}
          />
          {error ? (
            <p id="code-error" className="error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit">Join</button>
        </form>
        <section className="panel">
          <h2>Run a drill</h2>
          <p>Pick a scenario pack, invite teams, and put the leaderboard on the projector.</p>
          <Link className="button" to="/host/new">
            Host a game
          </Link>
        </section>
      </div>
    </main>
  );
}

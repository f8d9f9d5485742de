import { describe, expect, it } from "vitest";
import { FakeClock, hashToken } from "../../../server/src/core/index.js";
import { FailureThrottle } from "../../../server/src/gateway/failure-throttle.js";
import { TEAM_TOKEN_PREFIX, TeamAuthenticator } from "../../../server/src/gateway/team-authenticator.js";
import type { GatewayTeam } from "../../../server/src/gateway/scope.js";

const orion: GatewayTeam = { teamId: "t1", name: "orion", namespace: "fd-abc-orion", gameCode: "ABC" };
const lyra: GatewayTeam = { teamId: "t2", name: "lyra", namespace: "fd-abc-lyra", gameCode: "ABC" };

describe("TeamAuthenticator", () => {
  it("mints 256-bit tokens, stores only hashes, and authenticates the bearer", () => {
    const auth = new TeamAuthenticator(new FakeClock());
    const token = auth.register(orion);
    expect(token.startsWith(TEAM_TOKEN_PREFIX)).toBe(true);
    // 32 bytes base64url = 43 chars
    expect(token.length - TEAM_TOKEN_PREFIX.length).toBe(43);
    expect(JSON.stringify((auth as unknown as { byHash: Map<string, unknown> }).byHash.get(hashToken(token)))).not.toContain(token);
    expect(auth.authenticate(`Bearer ${token}`)).toEqual({ ok: true, team: orion });
    expect(auth.authenticate(`bearer ${token}`)).toEqual({ ok: true, team: orion });
  });

  it.each([
    [undefined, "missing"],
    ["", "missing"],
    ["Basic dXNlcjpwYXNz", "malformed"],
    ["Bearer", "malformed"],
    ["Bearer fdt_notarealtoken", "unknown"],
  ])("rejects %s as %s", (header, reason) => {
    const auth = new TeamAuthenticator(new FakeClock());
    auth.register(orion);
    expect(auth.authenticate(header as string | undefined)).toEqual({ ok: false, reason });
  });

  it("keeps teams apart, loads stored hashes, expires and revokes", () => {
    const clock = new FakeClock();
    const auth = new TeamAuthenticator(clock);
    const a = auth.register(orion);
    auth.load([{ team: lyra, tokenHash: hashToken("stored-token"), expiresAt: clock.now() + 1000 }]);
    expect(auth.authenticate("Bearer stored-token")).toEqual({ ok: true, team: lyra });
    clock.advance(1000);
    expect(auth.authenticate("Bearer stored-token")).toEqual({ ok: false, reason: "expired" });
    expect(auth.authenticate(`Bearer ${a}`)).toEqual({ ok: true, team: orion });
    auth.revokeTeam("t1");
    expect(auth.authenticate(`Bearer ${a}`)).toEqual({ ok: false, reason: "unknown" });
    auth.register(lyra);
    auth.revokeGame("ABC");
    expect(auth.size()).toBe(0);
  });
});

describe("FailureThrottle", () => {
  it("blocks a client after maxFailures inside the window and releases it as failures age out", () => {
    const clock = new FakeClock();
    const t = new FailureThrottle({ clock, maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs("1.2.3.4")).toBe(0);
      t.recordFailure("1.2.3.4");
      clock.advance(10_000);
    }
    // failures at 0s, 10s, 20s; now 30s → blocked until the first one is 60s old
    expect(t.retryAfterMs("1.2.3.4")).toBe(30_000);
    expect(t.retryAfterMs("5.6.7.8")).toBe(0);
    clock.advance(29_999);
    expect(t.retryAfterMs("1.2.3.4")).toBe(1);
    clock.advance(1);
    expect(t.retryAfterMs("1.2.3.4")).toBe(0);
    clock.advance(60_000);
    expect(t.retryAfterMs("1.2.3.4")).toBe(0);
    expect(t.size()).toBe(0);
  });
});

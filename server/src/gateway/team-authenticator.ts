/**
 * Team bearer tokens: 256-bit random values, kept only as SHA-256 hashes, compared in constant
 * time. Tokens are never logged. The db layer feeds tokens in through {@link TeamAuthenticator.load}
 * (hashes) or {@link TeamAuthenticator.register} (a freshly minted token).
 */
import { constantTimeEqual, hashToken, newToken, type Clock } from "../core/index.js";
import type { GatewayTeam } from "./scope.js";

/** Prefix on team tokens, so a leaked one is recognisable in a secret scanner. */
export const TEAM_TOKEN_PREFIX = "fdt_";

export interface TeamCredential {
  team: GatewayTeam;
  tokenHash: string;
  /** Epoch ms after which the token is refused; undefined = no expiry. */
  expiresAt?: number;
}

export type AuthResult =
  | { ok: true; team: GatewayTeam }
  | { ok: false; reason: "missing" | "malformed" | "unknown" | "expired" };

export class TeamAuthenticator {
  /** Keyed by hash: lookup is a map hit, then a constant-time compare of the stored hash. */
  private readonly byHash = new Map<string, TeamCredential>();

  constructor(private readonly clock: Clock) {}

  /** Mints a token for the team, stores its hash, and returns the token (shown once). */
  register(team: GatewayTeam, expiresAt?: number): string {
    const token = newToken(TEAM_TOKEN_PREFIX);
    this.load([{ team, tokenHash: hashToken(token), expiresAt }]);
    return token;
  }

  /** Adds or replaces stored credentials (e.g. loaded from the database on restart). */
  load(credentials: Iterable<TeamCredential>): void {
    for (const c of credentials) this.byHash.set(c.tokenHash, { ...c, team: { ...c.team } });
  }

  /** Revokes every token of a team (team removed, game deleted, token rotated). */
  revokeTeam(teamId: string): void {
    for (const [h, c] of this.byHash) if (c.team.teamId === teamId) this.byHash.delete(h);
  }

  revokeGame(gameCode: string): void {
    for (const [h, c] of this.byHash) if (c.team.gameCode === gameCode) this.byHash.delete(h);
  }

  /** Authenticates an `Authorization` header value. */
  authenticate(authorization: string | undefined): AuthResult {
    if (!authorization) return { ok: false, reason: "missing" };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return { ok: false, reason: "malformed" };
    const hash = hashToken(m[1]);
    const cred = this.byHash.get(hash);
    // The map lookup is on a hash of a 256-bit secret, so its timing reveals nothing useful;
    // the compare is constant-time anyway, as the brief asks.
    if (!cred || !constantTimeEqual(cred.tokenHash, hash)) return { ok: false, reason: "unknown" };
    if (cred.expiresAt !== undefined && this.clock.now() >= cred.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, team: cred.team };
  }

  size(): number {
    return this.byHash.size;
  }
}

/**
 * Credentials this browser holds per game, in localStorage: a team's token or the host key.
 * They never go into URLs that get shared, except the explicit team-invite link.
 */
export interface TeamCredentials {
  teamId: string;
  teamToken: string;
  teamName: string;
  namespace: string;
  playerName: string;
}

const teamKey = (code: string) => `firedrill:${code.toUpperCase()}:team`;
const hostKeyKey = (code: string) => `firedrill:${code.toUpperCase()}:host`;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export const session = {
  team: (code: string) => read<TeamCredentials>(teamKey(code)),
  saveTeam: (code: string, creds: TeamCredentials) => localStorage.setItem(teamKey(code), JSON.stringify(creds)),
  forgetTeam: (code: string) => localStorage.removeItem(teamKey(code)),
  hostKey: (code: string) => read<string>(hostKeyKey(code)),
  saveHostKey: (code: string, key: string) => localStorage.setItem(hostKeyKey(code), JSON.stringify(key)),
};

/** Invite link that lets a teammate join the same team (it carries the team token in the fragment, never sent to servers). */
export function teamInviteLink(origin: string, code: string, creds: TeamCredentials): string {
  const payload = btoa(JSON.stringify({ teamId: creds.teamId, teamToken: creds.teamToken, teamName: creds.teamName, namespace: creds.namespace }));
  return `${origin}/join/${encodeURIComponent(code)}#invite=${payload}`;
}

export function parseInvite(hash: string): Omit<TeamCredentials, "playerName"> | null {
  const m = /invite=([^&]+)/.exec(hash);
  if (!m) return null;
  try {
    const v = JSON.parse(atob(decodeURIComponent(m[1]!))) as Record<string, unknown>;
    if (typeof v.teamId === "string" && typeof v.teamToken === "string" && typeof v.teamName === "string" && typeof v.namespace === "string") {
      return { teamId: v.teamId, teamToken: v.teamToken, teamName: v.teamName, namespace: v.namespace };
    }
  } catch {
    /* fall through */
  }
  return null;
}

/**
 * Team namespace names: `fd-<gamecode>-<team-slug>`, a DNS-1123 label (≤ 63 chars, [a-z0-9-],
 * starting and ending alphanumeric), so a real cluster accepts it as a namespace.
 */
import { createHash } from "node:crypto";
import { slugify } from "../core/slug.js";

export { slugify };

/** Kubernetes' limit for a namespace name (DNS-1123 label). */
export const MAX_NAMESPACE_LENGTH = 63;
export const NAMESPACE_PREFIX = "fd-";
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length > 0 && s.length <= MAX_NAMESPACE_LENGTH && DNS1123_LABEL.test(s);
}

/**
 * `fd-<game>-<team>`. A team slug that does not fit is cut and given a short hash of the full
 * slug, so two long names that share a prefix still get different namespaces.
 */
export function teamNamespaceName(gameCode: string, teamSlug: string): string {
  const game = slugify(gameCode) || "game";
  const team = slugify(teamSlug) || "team";
  const head = `${NAMESPACE_PREFIX}${game}-`;
  const room = MAX_NAMESPACE_LENGTH - head.length;
  if (team.length <= room) return head + team;
  const hash = createHash("sha256").update(team).digest("hex").slice(0, 6);
  const cut = team.slice(0, Math.max(1, room - hash.length - 1)).replace(/-+$/, "");
  return `${head}${cut}-${hash}`.slice(0, MAX_NAMESPACE_LENGTH);
}

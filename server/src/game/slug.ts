import { slugify } from "../core/index.js";

/** Longest team slug, in characters: namespaces are `fd-<code>-<slug>` and must stay within 63. */
export const MAX_SLUG_LENGTH = 40;

/** "Team Orion!" → "team-orion": the team's DNS-1123 label fragment, as kube/ builds namespaces from it. */
export function teamSlug(name: string): string {
  return slugify(name).slice(0, MAX_SLUG_LENGTH).replace(/-+$/g, "") || "team";
}

/** Longest team slug, in characters: namespaces are `fd-<code>-<slug>` and must stay within 63. */
export const MAX_SLUG_LENGTH = 40;

/** "Team Orion!" → "team-orion": a DNS-1123 label fragment for the team's namespace. */
export function teamSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return slug || "team";
}

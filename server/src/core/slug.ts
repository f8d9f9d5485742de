/** Letters NFKD does not decompose into ASCII. */
const TRANSLITERATE: Record<string, string> = { ø: "o", æ: "ae", œ: "oe", ß: "ss", đ: "d", ł: "l", þ: "th", ð: "d", ı: "i" };

/**
 * Lower-case, `[a-z0-9-]` only, no leading/trailing/double dashes; "" if nothing usable is left.
 * The fragment Kubernetes names (DNS-1123 labels) are built from: "Team Ørn!" → "team-orn".
 */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[øæœßđłþðı]/g, (c) => TRANSLITERATE[c] ?? c)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The six sections every `debrief.md` has, as level-2 headings, in this order. */
export const DEBRIEF_SECTIONS = [
  "What happened",
  "How Kubernetes behaved",
  "The mental model",
  "A real-world incident",
  "Commands that found it",
  "How to prevent it",
] as const;

/** Minimum characters of prose per section: a heading with nothing under it is not a debrief. */
export const MIN_DEBRIEF_SECTION_CHARS = 80;

/** Problems with a debrief's structure: missing or empty sections (with the line of the heading). */
export function checkDebrief(markdown: string): { line?: number; message: string }[] {
  const lines = markdown.split(/\r?\n/);
  const headings = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = /^##\s+(.+?)\s*$/.exec(l);
    if (m) headings.set(m[1]!, i);
  });
  const problems: { line?: number; message: string }[] = [];
  for (const name of DEBRIEF_SECTIONS) {
    const at = headings.get(name);
    if (at === undefined) {
      problems.push({ message: `missing section "## ${name}"` });
      continue;
    }
    let end = lines.length;
    for (let i = at + 1; i < lines.length; i++) {
      if (/^##\s/.test(lines[i]!)) {
        end = i;
        break;
      }
    }
    const body = lines.slice(at + 1, end).join("\n").trim();
    if (body.length < MIN_DEBRIEF_SECTION_CHARS) {
      problems.push({ line: at + 1, message: `section "## ${name}" is too short (${body.length} < ${MIN_DEBRIEF_SECTION_CHARS} characters)` });
    }
  }
  return problems;
}

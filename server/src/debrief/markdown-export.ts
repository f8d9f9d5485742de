/** Renders a debrief document as Markdown, for download and for keeping with course notes. */
import type { DebriefResponse } from "../protocol/index.js";

function clock(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function renderDebriefMarkdown(debrief: DebriefResponse): string {
  const lines: string[] = [];
  lines.push(`# Debrief: ${debrief.game?.name ?? "Firedrill game"}`, "");
  if (debrief.teams?.length) {
    lines.push("## Final standings", "", "| Rank | Team | Points |", "| --- | --- | ---: |");
    for (const t of debrief.teams) lines.push(`| ${t.rank} | ${t.name} | ${Math.round(t.points)} |`);
    lines.push("");
  }
  for (const inc of debrief.incidents) {
    lines.push(`## ${inc.title ?? inc.scenario}`, "");
    lines.push("| Team | Status | TTD | TTR | Points |", "| --- | --- | ---: | ---: | ---: |");
    for (const t of inc.teams) lines.push(`| ${t.name} | ${t.status ?? ""} | ${clock(t.ttdMs)} | ${clock(t.ttrMs)} | ${Math.round(t.points)} |`);
    lines.push("");
    for (const t of inc.teams) {
      if (t.timeline.length === 0 && t.commands.length === 0) continue;
      lines.push(`### ${t.name}`, "");
      for (const e of t.timeline) lines.push(`- ${e.at} **${e.kind}** ${e.detail}`);
      if (t.commands.length) {
        lines.push("", "```");
        for (const c of t.commands) lines.push(`${c.at}  ${c.kubectlCommand ?? c.verb} ${c.resource}${c.name ? "/" + c.name : ""}  → ${c.code}`);
        lines.push("```");
      }
      lines.push("");
    }
    // Demote the scenario's own headings one level so they nest under the incident.
    lines.push(inc.debriefMarkdown.replace(/^(#+) /gm, "$1## ").trim(), "");
  }
  return lines.join("\n");
}

import { describe, expect, it } from "vitest";
import type { DebriefIncident, DebriefTeam } from "../../../server/src/protocol/index.js";
import { fastestTeam, scoreRows, timelineBars } from "../../../client/src/lib/debrief-model.js";

const T0 = Date.parse("2026-11-21T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function team(name: string, marks: Record<string, number>, ttd: number | null, ttr: number | null): DebriefTeam {
  return {
    teamId: name.toLowerCase(),
    name,
    points: 0,
    ttdMs: ttd === null ? null : ttd * 1000,
    ttrMs: ttr === null ? null : ttr * 1000,
    timeline: [{ at: at(0), kind: "injected", detail: "" }, ...Object.entries(marks).map(([kind, s]) => ({ at: at(s), kind, detail: "" }))],
    commands: [],
  };
}

const incident: DebriefIncident = {
  scenario: "image-pull-backoff",
  debriefMarkdown: "",
  teams: [
    team("Orion", { diagnosed: 60, "fix-attempted": 90, recovered: 120 }, 60, 120),
    team("Vega", { "fix-attempted": 200, recovered: 260 }, null, 260),
    team("Lyra", { "fix-attempted": 30, expired: 600 }, null, null),
    team("Cygnus", { diagnosed: 20, unresolved: 300 }, 20, null),
  ],
};

describe("debrief model", () => {
  it.each([
    ["Orion", { investigating: 60, fixing: 30, recovering: 30, recovered: true }],
    ["Vega", { investigating: 200, fixing: 0, recovering: 60, recovered: true }],
    ["Lyra", { investigating: 30, fixing: 0, recovering: 570, recovered: false }],
    ["Cygnus", { investigating: 20, fixing: 280, recovering: 0, recovered: false }],
  ])("timeline bar for %s", (name, expected) => {
    expect(timelineBars(incident).find((b) => b.team === name)).toEqual({ team: name, ...expected });
  });

  it("picks the fastest recovered team", () => {
    expect(fastestTeam(incident)?.name).toBe("Orion");
    expect(fastestTeam({ ...incident, teams: [incident.teams[2]!] })).toBeNull();
  });

  it("maps score points to team names", () => {
    const rows = scoreRows([{ at: at(0), points: { orion: 10.4, vega: 0 } }], { orion: "Orion", vega: "Vega" });
    expect(rows[0]).toEqual({ t: Date.parse(at(0)), Orion: 10, Vega: 0 });
  });
});

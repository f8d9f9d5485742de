import { describe, expect, it } from "vitest";
import { buildDebrief, redactDebrief, renderDebriefMarkdown, type DebriefActivity } from "../../../server/src/debrief/index.js";
import type { GameEvent, GameEventDraft } from "../../../server/src/scoring/index.js";

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
const s = (sec: number) => T0 + sec * 1000;

function log(drafts: GameEventDraft[]): GameEvent[] {
  return drafts.map((d, i) => ({ ...d, seq: i + 1, gameId: "g1" }) as GameEvent);
}

const events = log([
  { type: "game-created", at: s(0), name: "Drill" },
  { type: "team-joined", at: s(1), teamId: "a", name: "Orion" },
  { type: "team-joined", at: s(2), teamId: "b", name: "Vega" },
  { type: "game-started", at: s(10) },
  { type: "incident-injected", at: s(60), teamId: "a", incidentId: "i-a", scenarioId: "image-pull-backoff", params: { badTag: "2.0-x" } },
  { type: "incident-injected", at: s(60), teamId: "b", incidentId: "i-b", scenarioId: "image-pull-backoff", params: { badTag: "2.0-y" } },
  { type: "incident-diagnosed", at: s(90), teamId: "a", incidentId: "i-a", clueIndex: 0, command: "kubectl describe" },
  { type: "fix-attempted", at: s(120), teamId: "a", incidentId: "i-a", command: "kubectl set image" },
  { type: "incident-recovered", at: s(170), teamId: "a", incidentId: "i-a", healthySince: s(150) },
  { type: "fix-attempted", at: s(200), teamId: "b", incidentId: "i-b", command: "kubectl rollout undo" },
  { type: "incident-recovered", at: s(260), teamId: "b", incidentId: "i-b", healthySince: s(240) },
  { type: "game-ended", at: s(700) },
]);

const act = (teamId: string, sec: number, kubectlCommand: string, verb: string, resource: string, name?: string): DebriefActivity => ({
  teamId,
  at: s(sec),
  kubectlCommand,
  verb,
  resource,
  name: name ?? null,
  code: 200,
  allowed: true,
});

const activities: DebriefActivity[] = [
  act("a", 30, "kubectl get", "list", "pods"), // before injection: not part of the incident
  act("a", 70, "kubectl get", "list", "pods"),
  act("a", 90, "kubectl describe", "get", "pods", "frontend-abc"),
  act("a", 120, "kubectl set image", "patch", "deployments", "frontend"),
  act("b", 200, "kubectl rollout undo", "patch", "deployments", "frontend"),
  { ...act("b", 201, "kubectl get", "discovery", ""), resource: "" },
];

const scenarios = {
  "image-pull-backoff": { title: "Frontend won't start", debriefMarkdown: "## What happened\nA bad tag.", points: 100, timeLimitMs: 600_000 },
};

const debrief = buildDebrief({ game: { code: "ABC123", name: "Drill", phase: "ended" }, events, activities, scenarios });

describe("buildDebrief", () => {
  it("groups both teams under the injected scenario with its markdown, fastest first", () => {
    expect(debrief.incidents).toHaveLength(1);
    const inc = debrief.incidents[0]!;
    expect(inc).toMatchObject({ scenario: "image-pull-backoff", title: "Frontend won't start", debriefMarkdown: "## What happened\nA bad tag.", fastestTeamId: "a" });
    expect(inc.teams.map((t) => t.name)).toEqual(["Orion", "Vega"]);
    expect(inc.medianTtrMs).toBe(135_000);
  });

  it.each([
    ["a", 30_000, 90_000],
    ["b", null, 180_000],
  ])("team %s: TTD %s, TTR %s (to the start of the sustained healthy window)", (teamId, ttd, ttr) => {
    const t = debrief.incidents[0]!.teams.find((x) => x.teamId === teamId)!;
    expect(t.ttdMs).toBe(ttd);
    expect(t.ttrMs).toBe(ttr);
  });

  it("builds Orion's timeline in order with the command that diagnosed it", () => {
    const orion = debrief.incidents[0]!.teams[0]!;
    expect(orion.timeline.map((e) => e.kind)).toEqual(["injected", "first-command", "diagnosed", "fix-attempted", "recovered"]);
    expect(orion.timeline.find((e) => e.kind === "diagnosed")!.detail).toBe("kubectl describe");
    expect(orion.commands.map((c) => `${c.kubectlCommand} ${c.resource}/${c.name ?? ""}`)).toEqual([
      "kubectl get pods/",
      "kubectl describe pods/frontend-abc",
      "kubectl set image deployments/frontend",
    ]);
    expect(orion.diagnosedBy).toBe(1);
  });

  it("leaves discovery noise out of the commands and reports no diagnosis for a blind fix", () => {
    const vega = debrief.incidents[0]!.teams[1]!;
    expect(vega.commands).toHaveLength(1);
    expect(vega.diagnosedBy).toBeNull();
  });

  it("gives standings and a score timeline that ends at the final points", () => {
    expect(debrief.teams!.map((t) => [t.name, t.rank])).toEqual([
      ["Orion", 1],
      ["Vega", 2],
    ]);
    const last = debrief.scoreTimeline!.at(-1)!;
    expect(last.points.a).toBe(debrief.teams![0]!.points);
    expect(last.points.b).toBe(debrief.teams![1]!.points);
  });
});

describe("redactDebrief", () => {
  it.each([
    [{ role: "host" } as const, 3, 1],
    [{ role: "team", teamId: "a" } as const, 3, 0],
    [{ role: "team", teamId: "b" } as const, 1, 1],
    [{ role: "public" } as const, 1, 0],
  ])("viewer %j sees %d of Orion's commands and %d of Vega's", (viewer, orionCount, vegaCount) => {
    const r = redactDebrief(debrief, viewer);
    const [orion, vega] = r.incidents[0]!.teams;
    expect(orion!.commands).toHaveLength(orionCount);
    expect(vega!.commands).toHaveLength(vegaCount);
    if (orionCount === 1) expect(orion!.commands[0]!.kubectlCommand).toBe("kubectl describe");
    expect(orion!.timeline.length).toBeGreaterThan(0);
  });
});

describe("renderDebriefMarkdown", () => {
  it("renders standings, per-team timelines and the scenario text with nested headings", () => {
    const md = renderDebriefMarkdown(debrief);
    expect(md).toContain("# Debrief: Drill");
    expect(md).toContain("| 1 | Orion |");
    expect(md).toContain("## Frontend won't start");
    expect(md).toContain("**diagnosed** kubectl describe");
    expect(md).toContain("### What happened");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../server/src/core/duration.js";
import {
  DEBRIEF_SECTIONS,
  drawParams,
  formatProblem,
  kindOf,
  manifestObject,
  renderScenario,
  validateLibrary,
  type LoadedScenario,
} from "../../../server/src/scenarios/index.js";
import {
  PACK_JSON_SCHEMA_FILE,
  SCENARIO_JSON_SCHEMA_FILE,
  jsonSchemaText,
  packJsonSchema,
  scenarioJsonSchema,
} from "../../../server/src/scenarios/json-schema.js";
import { splitCommandLine } from "../../../server/src/scenarios/command-line.js";
import { validateScenarioText } from "../../../server/src/scenarios/index.js";

/** The 16 incidents the game ships with (names fixed by the helper brief). */
const EXPECTED_SCENARIOS = [
  "configmap-missing",
  "crash-loop-backoff",
  "dns-wrong-service-name",
  "image-pull-backoff",
  "ingress-wrong-backend",
  "insufficient-resources-pending",
  "liveness-probe-failing",
  "networkpolicy-blocks-backend",
  "oom-killed",
  "pvc-pending",
  "quota-exceeded",
  "rbac-forbidden",
  "readiness-probe-failing",
  "secret-missing",
  "service-selector-mismatch",
  "stuck-rollout",
];

/** Objects of the TaskMaster baseline (scenarios/apps/taskmaster); a fixed target outside it is a typo. */
const TASKMASTER_OBJECTS = new Set([
  "Deployment/frontend",
  "Deployment/backend",
  "Deployment/postgres",
  "Service/frontend",
  "Service/backend",
  "Service/postgres",
  "ConfigMap/backend-config",
  "ConfigMap/frontend-config",
  "Secret/postgres-credentials",
  "PersistentVolumeClaim/postgres-data",
  "ServiceAccount/backend",
  "Role/backend-config-reader",
  "RoleBinding/backend-config-reader",
  "Ingress/taskmaster",
]);

const library = validateLibrary("scenarios");
const scenarios = [...library.scenarios.values()];
const TEAMS = ["red", "blue", "green", "gold", "teal", "plum"];

function rendered(s: LoadedScenario, team: string) {
  return renderScenario(s.spec, { params: drawParams(s.spec, { seed: "lib-test", teamId: team }), namespace: `fd-${team}`, team });
}

/** Every `{target: {kind, name}}` anywhere in a value. */
function targetsIn(value: unknown, out: { kind: string; name: string }[] = []): { kind: string; name: string }[] {
  if (Array.isArray(value)) value.forEach((v) => targetsIn(v, out));
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const t = o.target as { kind?: unknown; name?: unknown } | undefined;
    if (t && typeof t.kind === "string" && typeof t.name === "string") out.push({ kind: t.kind, name: t.name });
    Object.entries(o).forEach(([k, v]) => k !== "manifest" && k !== "patch" && targetsIn(v, out));
  }
  return out;
}

describe("the scenario library", () => {
  it("loads and validates with no problems", () => {
    expect(library.problems.map(formatProblem)).toEqual([]);
  });

  it("has exactly the 16 incidents", () => {
    expect([...library.scenarios.keys()].sort()).toEqual(EXPECTED_SCENARIOS);
  });

  describe.each(scenarios.map((s) => [s.spec.id, s] as const))("%s", (_, s) => {
    it("renders for several teams with valid manifests and shell-safe solution commands", () => {
      for (const team of TEAMS) {
        const r = rendered(s, team);
        for (const m of r.break) if ("apply" in m) expect(manifestObject(m.apply.manifest).kind).toBeTypeOf("string");
        for (const step of r.solution) {
          const words = splitCommandLine(typeof step === "string" ? step : step.command);
          expect(words[0]).toBe("kubectl");
          expect(words).toContain(`fd-${team}`); // every step names the team's namespace
        }
        expect(JSON.stringify(r)).not.toMatch(/\{\{/);
      }
    });

    it("gives teams different values when it has params", () => {
      if (Object.keys(s.spec.params).length === 0) return;
      const breaks = new Set(TEAMS.map((t) => JSON.stringify(rendered(s, t).break)));
      expect(breaks.size).toBeGreaterThan(1);
    });

    it("touches only TaskMaster objects or per-team names", () => {
      for (const t of [...s.spec.targets, ...targetsIn(s.spec.break), ...targetsIn(s.spec.recovery)]) {
        if (t.name.includes("{{")) continue;
        expect(TASKMASTER_OBJECTS, `${t.kind}/${t.name}`).toContain(`${t.kind}/${t.name}`);
      }
      expect(s.spec.app).toBe("taskmaster");
    });

    it("has a health-based recovery, cheap-fix forbids, 2-3 hints and a key clue", () => {
      const kinds = s.spec.recovery.all.map((c) => kindOf(c)[0]);
      expect(kinds.some((k) => ["deploymentAvailable", "podsReady", "serviceHasEndpoints", "httpViaProxy", "pvcBound", "ingressRoutes"].includes(k))).toBe(true);
      expect(s.spec.recovery.forbid.length).toBeGreaterThan(0);
      expect(s.spec.hints.length).toBeGreaterThanOrEqual(2);
      expect(s.spec.hints.length).toBeLessThanOrEqual(3);
      const unlocks = s.spec.hints.map((h) => parseDuration(h.unlockAfter));
      expect([...unlocks].sort((a, b) => a - b)).toEqual(unlocks);
      expect(Math.max(...unlocks)).toBeLessThan(parseDuration(s.spec.timeLimit));
      expect(s.spec.clues.some((c) => c.key)).toBe(true);
      expect(s.spec.rootCause.options.length).toBeGreaterThanOrEqual(3);
    });

    it("has a debrief with the six sections in order and no template placeholders", () => {
      const md = s.debriefMarkdown;
      const at = DEBRIEF_SECTIONS.map((h) => md.indexOf(`\n## ${h}\n`));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(md).not.toContain("{{");
      expect(md.length).toBeGreaterThan(3000);
    });
  });
});

describe("the packs", () => {
  it("classroom-basics: 45 minutes of easy incidents, one after the other", () => {
    const p = library.packs.get("classroom-basics")!.spec;
    expect(parseDuration(p.duration)).toBe(45 * 60_000);
    expect(p.timeline.length).toBeGreaterThanOrEqual(4);
    expect(p.timeline.length).toBeLessThanOrEqual(5);
    for (const e of p.timeline) expect(library.scenarios.get(e.scenario)!.spec.difficulty).toBe("easy");
    expect(p.timeline.slice(1).every((e) => e.after === "previous-recovered-or-expired")).toBe(true);
  });

  it("competition: 60 minutes, same moment for all teams, incidents overlap on disjoint targets", () => {
    const p = library.packs.get("competition")!.spec;
    expect(parseDuration(p.duration)).toBe(60 * 60_000);
    expect(p.simultaneous).toBe(true);
    const windows = p.timeline
      .filter((e) => e.at)
      .map((e) => {
        const s = library.scenarios.get(e.scenario)!.spec;
        const start = parseDuration(e.at!);
        return { id: s.id, start, end: start + parseDuration(s.timeLimit), targets: new Set(s.targets.map((t) => `${t.kind}/${t.name}`)) };
      });
    const overlapping = windows.flatMap((a, i) => windows.slice(i + 1).filter((b) => b.start < a.end && a.start < b.end).map((b) => [a, b] as const));
    expect(overlapping.length).toBeGreaterThanOrEqual(2);
    for (const [a, b] of overlapping) expect([...a.targets].filter((t) => b.targets.has(t)), `${a.id} vs ${b.id}`).toEqual([]);
    expect(p.timeline.some((e) => library.scenarios.get(e.scenario)!.spec.difficulty === "hard")).toBe(true);
  });
});

describe("JSON Schema export", () => {
  it.each([
    [SCENARIO_JSON_SCHEMA_FILE, scenarioJsonSchema],
    [PACK_JSON_SCHEMA_FILE, packJsonSchema],
  ] as const)("%s is up to date (regenerate: npx tsx server/src/scenarios/export-json-schema.ts)", (file, make) => {
    expect(readFileSync(file, "utf8")).toBe(jsonSchemaText(make()));
  });
});

describe("scenarios/README.md", () => {
  it("its example scenario is valid", () => {
    const readme = readFileSync("scenarios/README.md", "utf8");
    const example = /### Example\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const r = validateScenarioText("README example", example!);
    expect(r.problems.map(formatProblem)).toEqual([]);
    expect(r.spec?.id).toBe("frontend-config-typo");
  });
});

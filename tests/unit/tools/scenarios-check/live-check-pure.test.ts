import { describe, expect, it } from "vitest";
import type { RecoveryEvaluation } from "../../../../server/src/engine/recovery.js";
import type { Scenario } from "../../../../server/src/scenarios/index.js";
import type { LiveCheckResult } from "../../../../server/src/scenarios/check/live-check.js";
import { watchLag } from "../../../../server/src/tools/scenarios-check/harness.js";
import { judgeBaseline } from "../../../../server/src/tools/scenarios-check/live-check.js";
import { formatLiveFailures, formatLiveTable } from "../../../../server/src/tools/scenarios-check/report.js";

describe("watchLag: has the namespace watch caught up with the store?", () => {
  const snap = { pods: { a: { metadata: { resourceVersion: "5" } } }, events: {} };
  it.each([
    ["in sync", { pods: [{ metadata: { name: "a", resourceVersion: "5" } }], events: [] }, ""],
    ["an update not seen yet", { pods: [{ metadata: { name: "a", resourceVersion: "6" } }], events: [] }, "pods/a: watch at 5, store at 6"],
    ["a creation not seen yet", { pods: [{ metadata: { name: "a", resourceVersion: "5" } }], events: [{ metadata: { name: "e", resourceVersion: "7" } }] }, "events: watch has 0, store has 1"],
    ["a deletion not seen yet", { pods: [], events: [] }, "pods: watch has 1, store has 0"],
  ])("%s", (_, store, lag) => {
    expect(watchLag(snap, (k) => (store as unknown as Record<string, never[]>)[k] ?? [])).toBe(lag);
  });
});

describe("judgeBaseline", () => {
  const scenario = {
    break: [{ apply: { manifest: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" } } } }],
    recovery: {
      all: [],
      sustainFor: "20s",
      forbid: [{ objectMissing: { target: { kind: "ResourceQuota", name: "q" } } }, { replicasBelow: { target: { kind: "Deployment", name: "backend" }, replicas: 2 } }],
    },
  } as unknown as Scenario;
  const ev = (over: Partial<RecoveryEvaluation>): RecoveryEvaluation => ({ recoveryOk: true, forbidOk: true, conditions: [], forbids: [], reasons: [], ...over });

  it("requires health conditions, reports value conditions, and excuses a missing object the break creates", () => {
    const v = judgeBaseline(
      scenario,
      { resourcequotas: {} },
      ev({
        conditions: [
          { kind: "deploymentAvailable", ok: true, reasons: [] },
          { kind: "fieldMatches", ok: false, reasons: ["image is 1.0"] },
        ],
        forbids: [{ kind: "objectMissing", holds: true, reasons: ["ResourceQuota/q was deleted"] }, { kind: "replicasBelow", holds: false, reasons: [] }],
      }),
    );
    expect(v.ok).toBe(true);
    expect(v.notes).toEqual(["(not required on the baseline) recovery.all[1] fieldMatches: image is 1.0", "(created by the break) forbid[0] objectMissing: ResourceQuota/q was deleted"]);
  });

  it("fails on a health condition or a forbid that holds on the healthy baseline", () => {
    const v = judgeBaseline(
      scenario,
      { resourcequotas: {} },
      ev({
        conditions: [{ kind: "serviceHasEndpoints", ok: false, reasons: ["service frontend: 2 ready endpoint(s), need 5"] }],
        forbids: [{ kind: "objectMissing", holds: false, reasons: [] }, { kind: "replicasBelow", holds: true, reasons: ["Deployment/backend scaled to 1 (below 2)"] }],
      }),
    );
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      "recovery.all[0] serviceHasEndpoints: service frontend: 2 ready endpoint(s), need 5",
      "forbid[1] replicasBelow holds: Deployment/backend scaled to 1 (below 2)",
    ]);
  });
});

describe("report", () => {
  const step = (name: string, outcome: "pass" | "fail" | "skipped", detail = "") => ({ name, outcome, detail, ms: outcome === "skipped" ? 0 : 1234, simMs: 0 }) as LiveCheckResult["steps"][number];
  const results: LiveCheckResult[] = [
    { id: "good", namespace: "fd-check-good", ok: true, ms: 2000, recoveredAfterMs: 95_000, steps: ["baseline", "break", "symptoms", "not-recovered", "solution", "recovered", "forbid", "reset"].map((n) => step(n, "pass")) },
    {
      id: "bad",
      namespace: "fd-check-bad",
      ok: false,
      ms: 1000,
      steps: [step("baseline", "pass"), step("break", "pass"), step("symptoms", "fail", "symptom x not observed after 1m: last saw y\nsymptom z …"), step("not-recovered", "skipped"), step("reset", "pass")],
    },
  ];

  it("a row per scenario with per-step wall time and the simulated recovery time", () => {
    const t = formatLiveTable(results).split("\n");
    expect(t[0]).toMatch(/^SCENARIO\s+LIVE\s+baseline\s+break\s+symptoms\s+not-rec\s+solution\s+recovered\s+forbid\s+reset\s+TOTAL\s+SIM-RECOVERY$/);
    expect(t[1]).toMatch(/^good\s+pass\s+ok 1\.23s(\s+ok 1\.23s){7}\s+2\.00s\s+1m35s$/);
    expect(t[2]).toMatch(/^bad\s+FAIL\s+ok 1\.23s\s+ok 1\.23s\s+FAIL 1\.23s\s+-\s+-\s+-\s+-\s+ok 1\.23s\s+1\.00s\s+-$/);
  });

  it("failure details name the scenario, namespace and step", () => {
    expect(formatLiveFailures(results)).toBe("✗ bad (fd-check-bad)\n  symptoms: symptom x not observed after 1m: last saw y\n    symptom z …");
  });
});

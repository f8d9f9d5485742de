import { describe, expect, it } from "vitest";
import type { ActivityLike } from "../../../server/src/engine/clue-matcher.js";
import { createCollateralTracker, reduceCollateral, type CollateralInput } from "../../../server/src/engine/collateral.js";
import type { GameEventDraft } from "../../../server/src/scoring/index.js";

const SEC = 1000;
const targets = [{ kind: "Deployment", name: "frontend" }];
const write = (at: number, a: Partial<ActivityLike>): CollateralInput => ({
  type: "activity",
  at,
  incidentId: "i1",
  targets,
  activity: { verb: "delete", resource: "deployments", name: "backend", namespace: "t", kubectlCommand: "kubectl delete", code: 200, allowed: true, ...a },
});
const health = (at: number, component: string, healthy: boolean, incidentComponent = false): CollateralInput => ({ type: "health", at, component, healthy, incidentComponent });

function run(inputs: CollateralInput[]): GameEventDraft[] {
  let s = createCollateralTracker("a");
  const out: GameEventDraft[] = [];
  for (const i of inputs) {
    const r = reduceCollateral(s, i);
    s = r.state;
    out.push(...r.events);
  }
  return out;
}

describe("collateral damage tracker", () => {
  const healthyAll = [health(0, "deployments/backend", true), health(0, "deployments/frontend", true)];
  it("blames a non-target write that broke a healthy component; reports on heal with the duration", () => {
    const ev = run([...healthyAll, write(10 * SEC, {}), health(12 * SEC, "deployments/backend", false), health(80 * SEC, "deployments/backend", true)]);
    expect(ev).toEqual([
      { type: "collateral-damage", at: 80 * SEC, teamId: "a", target: "deployments/backend", startedAt: 12 * SEC, durationMs: 68 * SEC, command: "kubectl delete", incidentId: "i1" },
    ]);
  });
  it.each([
    ["a write to the incident's target is the fix, not collateral", [write(10 * SEC, { verb: "patch", name: "frontend" }), health(12 * SEC, "deployments/backend", false), health(80 * SEC, "deployments/backend", true)]],
    ["a read is not a write", [write(10 * SEC, { verb: "get" }), health(12 * SEC, "deployments/backend", false), health(80 * SEC, "deployments/backend", true)]],
    ["a refused write changes nothing", [write(10 * SEC, { allowed: false, code: 403 }), health(12 * SEC, "deployments/backend", false), health(80 * SEC, "deployments/backend", true)]],
    ["a write long before the break is not its cause", [write(10 * SEC, {}), health(75 * SEC, "deployments/backend", false), health(200 * SEC, "deployments/backend", true)]],
    ["the incident's own component is never collateral", [write(10 * SEC, {}), health(12 * SEC, "deployments/frontend", false, true), health(80 * SEC, "deployments/frontend", true)]],
    ["a component that was already broken is not", [health(0, "deployments/postgres", false), write(10 * SEC, {}), health(12 * SEC, "deployments/postgres", false), health(80 * SEC, "deployments/postgres", true)]],
  ] as const)("%s", (_, inputs) => {
    expect(run([...healthyAll, ...inputs])).toEqual([]);
  });
  it("flush reports damage still in progress, once", () => {
    const ev = run([...healthyAll, write(10 * SEC, {}), health(12 * SEC, "deployments/backend", false), { type: "flush", at: 100 * SEC }, { type: "flush", at: 120 * SEC }, health(130 * SEC, "deployments/backend", true)]);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ startedAt: 12 * SEC, durationMs: 88 * SEC });
  });
});

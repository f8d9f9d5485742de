/**
 * The live scenario self-test against the real sim (fake clock), real kubectl and the game's evaluator:
 * the shipped library passes, and deliberately broken copies of image-pull-backoff fail with a message
 * that names what is wrong (a checker that cannot fail proves nothing).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument, type Document } from "yaml";
import { validateLibrary, type LoadedScenario } from "../../../server/src/scenarios/index.js";
import { DEFAULT_CHECK_SEED } from "../../../server/src/scenarios/check-cli.js";
import type { LiveCheckResult } from "../../../server/src/scenarios/check/live-check.js";
import { main } from "../../../server/src/tools/scenarios-check/cli.js";
import { startHarness, type CheckHarness } from "../../../server/src/tools/scenarios-check/harness.js";
import { runLiveCheck } from "../../../server/src/tools/scenarios-check/live-check.js";
import { formatLiveDetails } from "../../../server/src/tools/scenarios-check/report.js";
import { makeScenarioLibrary, REPO_SCENARIOS } from "../../helpers/scenario-library.js";

/** Simulated-time ceiling for the negative fixtures, so a symptom or recovery that never comes fails fast. */
const FIXTURE_TIME_LIMIT = "1m";
const WHOLE_LIBRARY_TIMEOUT_MS = 300_000;

function stepOf(r: LiveCheckResult, name: string) {
  const s = r.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name}`);
  return s;
}

describe("scenarios:check live phase — the shipped library", () => {
  it(
    "every shipped scenario passes every step (the CI gate for `npm run scenarios:check`)",
    async () => {
      const lines: string[] = [];
      const code = await main(["--root", REPO_SCENARIOS], (s) => lines.push(s));
      const out = lines.join("\n");
      expect(out, out).toMatch(/live: 16 passed, 0 failed/);
      expect(code, out).toBe(0);
      // the table has a row per scenario with every step timed
      expect(out).toMatch(/image-pull-backoff\s+pass\s+ok [\d.]+s\s+ok [\d.]+s/);
      expect(out).toMatch(/SCENARIO\s+LIVE\s+baseline\s+break\s+symptoms\s+not-rec\s+solution\s+recovered\s+forbid\s+reset/);
    },
    WHOLE_LIBRARY_TIMEOUT_MS,
  );
});

describe("scenarios:check live phase — representative scenarios and broken fixtures", () => {
  let root: string;
  let harness: CheckHarness;
  let scenarios: Map<string, LoadedScenario>;

  /** Copies `from` to a new scenario folder `id`, then edits its scenario.yaml. */
  function variant(id: string, from: string, edit: (doc: Document) => void): void {
    cpSync(join(REPO_SCENARIOS, from), join(root, id), { recursive: true });
    const file = join(root, id, "scenario.yaml");
    const doc = parseDocument(readFileSync(file, "utf8"));
    doc.set("id", id);
    doc.set("timeLimit", FIXTURE_TIME_LIMIT);
    edit(doc);
    writeFileSync(file, doc.toString());
  }

  async function check(id: string): Promise<LiveCheckResult> {
    const loaded = scenarios.get(id);
    if (!loaded) throw new Error(`fixture ${id} did not load`);
    return runLiveCheck(loaded, harness, { seed: DEFAULT_CHECK_SEED });
  }

  beforeAll(async () => {
    root = makeScenarioLibrary({ "image-pull-backoff": {}, "crash-loop-backoff": {}, "pvc-pending": {} });
    // The break sets a tag that exists: nothing breaks.
    variant("break-does-nothing", "image-pull-backoff", (d) =>
      d.setIn(["break", 0, "patch", "patch", "spec", "template", "spec", "containers", 0, "image"], "ghcr.io/firedrill-game/taskmaster-frontend:1.1"),
    );
    // The reference solution only looks around.
    variant("solution-does-nothing", "image-pull-backoff", (d) => d.set("solution", ["kubectl -n {{namespace}} get pods"]));
    // A forbid that lets the classic shortcut through: nginx is an "allowed" repository.
    variant("toothless-forbid", "image-pull-backoff", (d) =>
      d.setIn(["recovery", "forbid", 2, "imageNotIn", "repositories"], d.createNode(["ghcr.io/firedrill-game/taskmaster-frontend", "docker.io/library/nginx"])),
    );
    // A recovery no healthy namespace meets: the frontend runs 2 pods, never 5.
    variant("recovery-never-holds", "image-pull-backoff", (d) =>
      d.setIn(["recovery", "all", 2], d.createNode({ serviceHasEndpoints: { service: "frontend", min: 5 } })),
    );
    const v = validateLibrary(root);
    expect(v.problems).toEqual([]);
    scenarios = v.scenarios;
    harness = await startHarness({ scenariosRoot: root });
  });

  afterAll(async () => {
    await harness?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.each(["image-pull-backoff", "crash-loop-backoff", "pvc-pending"])("%s passes every step, in seconds", async (id) => {
    const r = await check(id);
    expect(r.ok, formatLiveDetails(r)).toBe(true);
    expect(r.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["baseline", "pass"],
      ["break", "pass"],
      ["symptoms", "pass"],
      ["not-recovered", "pass"],
      ["solution", "pass"],
      ["recovered", "pass"],
      ["forbid", "pass"],
      ["reset", "pass"],
    ]);
    expect(r.recoveredAfterMs).toBeGreaterThan(0);
    // the namespace is gone again, ready for the next scenario
    expect(await harness.cluster.get("", { apiVersion: "v1", kind: "Namespace", name: r.namespace })).toBeUndefined();
  });

  it("fails when the break breaks nothing: names the symptom and what it saw instead", async () => {
    const r = await check("break-does-nothing");
    expect(r.ok).toBe(false);
    const s = stepOf(r, "symptoms");
    expect(s.outcome).toBe("fail");
    expect(s.detail).toMatch(/symptom podStatus \{"selector":"app=frontend","anyOf":\["ErrImagePull","ImagePullBackOff"\]\} not observed after (1m|6\d(\.\d)?s): last saw frontend-\S+ Running ready/);
    expect(s.detail).toMatch(/symptom event \{"reason":"Failed",.*\} not observed after .*: last saw no Failed event since the break; reasons since then: .*Started/);
    expect(stepOf(r, "solution").outcome).toBe("skipped");
    expect(stepOf(r, "reset").outcome).toBe("pass");
  });

  it("fails when the reference solution does not fix it: not recovered within timeLimit, with the reasons", async () => {
    const r = await check("solution-does-nothing");
    expect(stepOf(r, "solution").outcome).toBe("pass");
    const s = stepOf(r, "recovered");
    expect(s.outcome).toBe("fail");
    expect(s.detail).toMatch(/^not recovered within timeLimit 1m: .*deployment frontend/);
    expect(r.ok).toBe(false);
  });

  it("fails when a forbid would let a shortcut through", async () => {
    const r = await check("toothless-forbid");
    expect(stepOf(r, "recovered").outcome).toBe("pass");
    const s = stepOf(r, "forbid");
    expect(s.outcome).toBe("fail");
    expect(s.detail).toBe(
      'forbid[2] imageNotIn: the shortcut "kubectl set image deployment/frontend frontend=docker.io/library/nginx:1.27" would be accepted as recovered — the forbid does not hold on it',
    );
  });

  it("fails on the baseline when the recovery conditions cannot hold even on a healthy namespace", async () => {
    const r = await check("recovery-never-holds");
    const s = stepOf(r, "baseline");
    expect(s.outcome).toBe("fail");
    expect(s.detail).toMatch(/^baseline not healthy after 5m: deployments available, but on the healthy baseline recovery\.all\[2\] serviceHasEndpoints: service frontend: 2 ready endpoint\(s\), need 5/);
    expect(stepOf(r, "break").outcome).toBe("skipped");
    expect(stepOf(r, "reset").outcome).toBe("pass");
  });

  it("the CLI prints the failure and exits 1", async () => {
    const lines: string[] = [];
    const code = await main(["--root", root, "break-does-nothing"], (s) => lines.push(s));
    const out = lines.join("\n");
    expect(code).toBe(1);
    expect(out).toMatch(/break-does-nothing\s+FAIL\s+ok [\d.]+s\s+ok [\d.]+s\s+FAIL [\d.]+s\s+-/);
    expect(out).toContain("✗ break-does-nothing (fd-check-break-does-nothing)");
    expect(out).toContain("live: 0 passed, 1 failed");
  });
});

/**
 * The live phase of the scenario self-test, for one scenario in a fresh namespace of the shared sim:
 * baseline healthy → break → every symptom seen → recovery not met → reference solution through real
 * kubectl → recovered (sustained) within timeLimit → each forbid shortcut rejected → reset.
 *
 * Recovery is judged by the game's own evaluator (`evaluateIncident` on Firedrill's namespace watch,
 * with its service-proxy probes); simulated time moves only when this module advances the fake clock.
 */
import { deploymentAvailable, type NamespaceSnapshot as KubeSnapshot } from "../../kube/index.js";
import { evaluateIncident, applyMutations } from "../../engine/index.js";
import type { RuntimeCluster } from "../../engine/runtime/types.js";
import { findObject, type NamespaceSnapshot, type RecoveryEvaluation } from "../../engine/recovery.js";
import { parseDuration } from "../../core/index.js";
import { drawParams, manifestObject, renderScenario, type LoadedScenario, type Scenario } from "../../scenarios/index.js";
import { LIVE_CHECK_STEPS, type LiveCheckResult, type LiveCheckStep, type LiveCheckStepName } from "../../scenarios/check/live-check.js";
import { applyCheapFix, NoCheapFixModel, type MutableSnapshot } from "./cheap-fixes/registry.js";
import type { CheckHarness } from "./harness.js";
import { describeKubectl, kubectlArgs } from "./kubectl-runner.js";
import { describeSymptom, EXPENSIVE_SYMPTOM_KINDS, observeSymptom, symptomKind } from "./symptoms/registry.js";
import type { SymptomContext, SymptomObservation } from "./symptoms/types.js";

/** A Deployment as kube/ types it. */
type KubeDeployment = Parameters<typeof deploymentAvailable>[0];

/** Simulated time between two looks while waiting for the baseline, symptoms or recovery, in ms. */
export const SIM_STEP_MS = 1_000;
/** Longest the baseline app may take to become healthy, simulated ms. */
export const BASELINE_TIMEOUT_MS = 5 * 60_000;
/** Longest a deleted namespace may take to disappear, simulated ms. */
export const RESET_TIMEOUT_MS = 2 * 60_000;
/** A kubectl call still running after this much real time is waiting on the cluster: simulated time is pumped. */
export const KUBECTL_PUMP_AFTER_MS = 300;
/** While pumping, simulated time advanced per real pause. */
export const PUMP_STEP_MS = 500;
/** Real pause between two pumps, so kubectl's requests interleave with the cluster's progress, in ms. */
export const PUMP_PAUSE_MS = 3;
/** The game code of self-test namespaces: `fd-check-<scenario-id>`. */
export const CHECK_GAME_CODE = "check";

export interface LiveCheckOptions {
  /** Seeds the drawn params (same seed, same values). */
  seed: string;
}

class StepFailure extends Error {}

/** Runs the live phase for one scenario; never throws (a crash is a failed step). */
export async function runLiveCheck(loaded: LoadedScenario, h: CheckHarness, opts: LiveCheckOptions): Promise<LiveCheckResult> {
  const spec = loaded.spec;
  const team = { id: `check-${spec.id}`, slug: spec.id };
  const namespace = h.cluster.namespaceFor({ code: CHECK_GAME_CODE }, team);
  const params = drawParams(spec, { seed: opts.seed, teamId: team.id });
  const steps: LiveCheckStep[] = [];
  const started = Date.now();
  const timeLimitMs = parseDuration(spec.timeLimit);
  const sustainMs = parseDuration(spec.recovery.sustainFor);
  let scenario: Scenario | undefined;
  let recoveredSnapshot: NamespaceSnapshot | undefined;
  let breakAt = 0;
  let recoveredAfterMs: number | undefined;
  let provisioned = false;

  const step = async (name: LiveCheckStepName, run: () => Promise<string>): Promise<void> => {
    if (steps.some((s) => s.outcome !== "pass") && name !== "reset") {
      steps.push({ name, outcome: "skipped", detail: "", ms: 0, simMs: 0 });
      return;
    }
    const t0 = Date.now();
    const s0 = h.clock.now();
    try {
      const detail = await run();
      steps.push({ name, outcome: "pass", detail, ms: Date.now() - t0, simMs: h.clock.now() - s0 });
    } catch (err) {
      const detail = err instanceof StepFailure ? err.message : `crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      steps.push({ name, outcome: "fail", detail, ms: Date.now() - t0, simMs: h.clock.now() - s0 });
    }
  };

  const evaluate = async (snapshotOverride?: NamespaceSnapshot): Promise<RecoveryEvaluation> => {
    const cluster = snapshotOverride ? snapshotCluster(h, snapshotOverride) : (h.cluster as unknown as RuntimeCluster);
    const ev = await evaluateIncident(cluster, namespace, scenario!.recovery);
    if (!ev) throw new StepFailure(`namespace ${namespace} is not watched`);
    return ev;
  };

  await step("baseline", async () => {
    scenario = renderScenario(spec, { params, namespace, team: team.slug });
    await h.cluster.provisionTeam({ code: CHECK_GAME_CODE }, team, { app: spec.app, params, waitForHealthy: false });
    provisioned = true;
    await h.cluster.watchNamespace(namespace);
    const deadline = h.clock.now() + BASELINE_TIMEOUT_MS;
    let last = "";
    for (;;) {
      const snapshot = await h.settle(namespace);
      const deployments = Object.values(snapshot.deployments ?? {});
      const waiting = deployments.filter((d) => !deploymentAvailable(d as KubeDeployment)).map((d) => d.metadata?.name);
      if (deployments.length && !waiting.length) {
        const verdict = judgeBaseline(scenario!, snapshot, await evaluate());
        if (verdict.ok) return `healthy after ${seconds(h.clock.now() - (deadline - BASELINE_TIMEOUT_MS))}; the recovery's health conditions hold and no forbid holds${verdict.notes.length ? `\n${verdict.notes.join("\n")}` : ""}`;
        last = `deployments available, but on the healthy baseline ${verdict.problems.join("; ")}`;
      } else last = `deployments not available: ${waiting.join(", ") || "none exist"}`;
      if (h.clock.now() >= deadline) throw new StepFailure(`baseline not healthy after ${seconds(BASELINE_TIMEOUT_MS)}: ${last}`);
      await h.advance(SIM_STEP_MS);
    }
  });

  await step("break", async () => {
    // One quiet second first, so that baseline events and break events never share a (second-precision) timestamp.
    await h.advance(1_000);
    breakAt = h.clock.now();
    await pumpWhile(h, applyMutations(h.cluster, namespace, scenario!.break, h.clock), 0);
    return `${scenario!.break.length} mutation(s) applied`;
  });

  await step("symptoms", async () => {
    const symptoms = scenario!.symptoms;
    const observed = new Map<number, { at: number; saw: string }>();
    const last = new Map<number, SymptomObservation>();
    const deadline = breakAt + timeLimitMs;
    for (;;) {
      const snapshot = await h.settle(namespace);
      const ctx = symptomContext(h, namespace, snapshot, breakAt);
      const cheapPending = symptoms.some((s, i) => !observed.has(i) && !EXPENSIVE_SYMPTOM_KINDS.has(symptomKind(s)));
      for (const [i, s] of symptoms.entries()) {
        if (observed.has(i) || (cheapPending && EXPENSIVE_SYMPTOM_KINDS.has(symptomKind(s)))) continue;
        const o = await observeSymptom(s, ctx);
        last.set(i, o);
        if (o.ok) observed.set(i, { at: h.clock.now(), saw: o.saw });
      }
      if (observed.size === symptoms.length) {
        return symptoms.map((s, i) => `${symptomKind(s)} at +${seconds(observed.get(i)!.at - breakAt)}: ${observed.get(i)!.saw}`).join("\n");
      }
      if (h.clock.now() >= deadline) {
        const missing = symptoms
          .map((s, i) => ({ s, i }))
          .filter(({ i }) => !observed.has(i))
          .map(({ s, i }) => `symptom ${describeSymptom(s)} not observed after ${seconds(h.clock.now() - breakAt)}: last saw ${last.get(i)?.saw ?? "(not checked: cheaper symptoms were still missing)"}`);
        throw new StepFailure(missing.join("\n"));
      }
      await h.advance(SIM_STEP_MS);
    }
  });

  await step("not-recovered", async () => {
    await h.settle(namespace);
    const ev = await evaluate();
    if (ev.recoveryOk && ev.forbidOk) throw new StepFailure("the scenario's recovery conditions already hold after the break: the break does not break what recovery checks");
    return `not recovered: ${ev.reasons.slice(0, 3).join("; ")}${ev.reasons.length > 3 ? "; …" : ""}`;
  });

  await step("solution", async () => {
    const lines: string[] = [];
    for (const [i, s] of scenario!.solution.entries()) {
      const command = typeof s === "string" ? s : s.command;
      let args: string[];
      try {
        args = kubectlArgs(command);
      } catch (err) {
        throw new StepFailure(`solution[${i}]: ${(err as Error).message}`);
      }
      const out = await pumpWhile(h, h.kubectl.run(args, typeof s === "string" ? {} : { stdin: s.stdin }), KUBECTL_PUMP_AFTER_MS);
      if (out.code !== 0) throw new StepFailure(`solution[${i}] failed: ${describeKubectl(out)}`);
      lines.push(describeKubectl(out, 120));
    }
    return lines.join("\n");
  });

  await step("recovered", async () => {
    const deadline = breakAt + timeLimitMs;
    let okSince: number | undefined;
    let last: RecoveryEvaluation | undefined;
    for (;;) {
      const snapshot = await h.settle(namespace);
      last = await evaluate();
      const now = h.clock.now();
      if (last.recoveryOk && last.forbidOk) {
        okSince ??= now;
        if (now - okSince >= sustainMs) {
          recoveredAfterMs = now - breakAt;
          recoveredSnapshot = structuredClone(snapshot);
          return `recovered at +${seconds(okSince - breakAt)} after the break, held ${seconds(now - okSince)}; done at +${seconds(recoveredAfterMs)} of ${spec.timeLimit}`;
        }
      } else okSince = undefined;
      if (now >= deadline) {
        throw new StepFailure(
          okSince !== undefined
            ? `recovery held for only ${seconds(now - okSince)} of sustainFor ${spec.recovery.sustainFor} before timeLimit ${spec.timeLimit}`
            : `not recovered within timeLimit ${spec.timeLimit}: ${last.reasons.join("; ")}`,
        );
      }
      await h.advance(SIM_STEP_MS);
    }
  });

  /**
   * Each forbid's shortcut, modelled on a copy of the recovered namespace (healthy, with everything the
   * break created), must be rejected by the game's evaluator. On that state the health checks pass, so the
   * forbid is what stands between the shortcut and a recorded recovery.
   */
  await step("forbid", async () => {
    const out: string[] = [];
    const problems: string[] = [];
    for (const [i, forbid] of scenario!.recovery.forbid.entries()) {
      const copy = structuredClone(recoveredSnapshot!) as MutableSnapshot;
      let shortcut: string;
      try {
        shortcut = applyCheapFix(forbid, copy);
      } catch (err) {
        if (!(err instanceof NoCheapFixModel)) throw err;
        problems.push(`forbid[${i}]: ${err.message}`);
        continue;
      }
      const ev = await evaluate(copy as NamespaceSnapshot);
      const mine = ev.forbids[i];
      if (mine?.holds && !ev.forbidOk) {
        out.push(`${shortcut} → rejected (${mine.reasons[0] ?? mine.kind})${ev.recoveryOk ? "" : " [health checks would also fail]"}`);
      } else {
        problems.push(`forbid[${i}] ${mine?.kind ?? "?"}: the shortcut "${shortcut}" would be accepted as recovered — the forbid does not hold on it`);
      }
    }
    if (problems.length) throw new StepFailure(problems.join("\n"));
    return out.length ? out.join("\n") : "no forbid conditions";
  });

  await step("reset", async () => {
    if (!provisioned) return "nothing to reset";
    await h.cluster.teardownTeam(namespace);
    const deadline = h.clock.now() + RESET_TIMEOUT_MS;
    while (await h.cluster.get("", { apiVersion: "v1", kind: "Namespace", name: namespace })) {
      if (h.clock.now() >= deadline) throw new StepFailure(`namespace ${namespace} still exists ${seconds(RESET_TIMEOUT_MS)} after deletion`);
      await h.advance(SIM_STEP_MS);
    }
    return `namespace ${namespace} deleted`;
  });

  for (const name of LIVE_CHECK_STEPS) if (!steps.some((s) => s.name === name)) steps.push({ name, outcome: "skipped", detail: "", ms: 0, simMs: 0 });
  return {
    id: spec.id,
    namespace,
    ok: steps.every((s) => s.outcome === "pass"),
    steps,
    ms: Date.now() - started,
    ...(recoveredAfterMs !== undefined ? { recoveredAfterMs } : {}),
  };
}

/** The game's evaluator reads only getSnapshot and proxyGet: this one serves an edited snapshot. */
function snapshotCluster(h: CheckHarness, snapshot: NamespaceSnapshot): RuntimeCluster {
  return {
    getSnapshot: () => snapshot as unknown as KubeSnapshot,
    proxyGet: (ns: string, service: string, port: number | string, path?: string) => h.cluster.proxyGet(ns, service, port, path),
  } as unknown as RuntimeCluster;
}

function symptomContext(h: CheckHarness, namespace: string, snapshot: NamespaceSnapshot, since: number): SymptomContext {
  return {
    namespace,
    snapshot,
    now: h.clock.now(),
    since,
    kubectl: h.kubectl,
    proxyStatus: async (service, port, path) => {
      try {
        return (await h.cluster.proxyGet(namespace, service, port, path)).status;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Awaits `work` while moving simulated time forward: kubectl `rollout status` or a deletion that waits
 * for finalizers only finish when the cluster makes progress. Pumping starts after `afterMs` of real
 * time, so quick calls do not move the clock.
 */
export async function pumpWhile<T>(h: CheckHarness, work: Promise<T>, afterMs: number): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  settled.catch(() => {});
  const startAt = Date.now() + afterMs;
  while (!done) {
    await new Promise((r) => setTimeout(r, PUMP_PAUSE_MS));
    if (!done && Date.now() >= startAt) await h.advance(PUMP_STEP_MS);
  }
  return settled;
}

function seconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 100) / 10}s`;
}

/** Recovery kinds about values of the fixed state (e.g. "ship 1.1"), which the baseline need not have. */
const VALUE_CONDITION_KINDS = new Set(["fieldEquals", "fieldMatches", "not"]);

/**
 * The baseline must pass the recovery's health conditions (else the recovery is wrong: a healthy app would
 * never count as recovered) and no forbid may hold — except objectMissing for an object the break itself
 * creates. Value conditions are reported, not required: they may describe a fix-forward end state.
 */
export function judgeBaseline(scenario: Scenario, snapshot: NamespaceSnapshot, ev: RecoveryEvaluation): { ok: boolean; problems: string[]; notes: string[] } {
  const created = new Set(
    scenario.break.flatMap((m) => {
      if (!("apply" in m) || !m.apply) return [];
      const o = manifestObject(m.apply.manifest) as { kind?: string; metadata?: { name?: string } };
      return [`${o.kind}/${o.metadata?.name}`];
    }),
  );
  const problems: string[] = [];
  const notes: string[] = [];
  ev.conditions.forEach((c, i) => {
    if (c.ok) return;
    const line = `recovery.all[${i}] ${c.kind}: ${c.reasons.join("; ")}`;
    if (VALUE_CONDITION_KINDS.has(c.kind)) notes.push(`(not required on the baseline) ${line}`);
    else problems.push(line);
  });
  ev.forbids.forEach((f, i) => {
    if (!f.holds) return;
    const spec = scenario.recovery.forbid[i];
    const target = spec && "objectMissing" in spec && spec.objectMissing ? spec.objectMissing.target : undefined;
    if (target && created.has(`${target.kind}/${target.name}`) && !findObject(snapshot, target.kind, target.name)) {
      notes.push(`(created by the break) forbid[${i}] ${f.kind}: ${f.reasons.join("; ")}`);
    } else problems.push(`forbid[${i}] ${f.kind} holds: ${f.reasons.join("; ")}`);
  });
  return { ok: problems.length === 0, problems, notes };
}

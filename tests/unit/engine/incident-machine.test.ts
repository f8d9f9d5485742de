import { describe, expect, it } from "vitest";
import type { ActivityLike } from "../../../server/src/engine/clue-matcher.js";
import {
  createIncident,
  incidentFromEvents,
  incidentSpecFromScenario,
  isFixAttempt,
  nextDeadline,
  phaseOf,
  reduceIncident,
  type IncidentInput,
  type IncidentSpec,
  type IncidentState,
} from "../../../server/src/engine/incident-machine.js";
import { computeLeaderboard, parseGameEvent, type GameEvent, type GameEventDraft } from "../../../server/src/scoring/index.js";

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;

const SPEC: IncidentSpec = {
  scenarioId: "bad-image-tag",
  timeLimitMs: 10 * MIN,
  sustainForMs: 30 * SEC,
  clues: [
    { command: "kubectl describe*", resource: "pods", name: "frontend-*", weight: 1, key: true },
    { resource: "events", weight: 0.5 },
    { verb: "get", resource: "deployments", name: "frontend", weight: 0.5 },
  ],
  diagnosisThreshold: 1,
  targets: [{ kind: "Deployment", name: "frontend" }],
  rootCauseOptions: [{ id: "bad-tag", correct: true }, { id: "oom" }, { id: "dns" }],
  hints: [
    { cost: 10, unlockAfterMs: 2 * MIN },
    { cost: 30, unlockAfterMs: 5 * MIN },
  ],
  maxDeclarations: 2,
};

const act = (a: Partial<ActivityLike>): ActivityLike => ({ verb: "get", resource: "pods", namespace: "team-a", kubectlCommand: "kubectl get", code: 200, allowed: true, ...a });
const DESCRIBE_POD = act({ kubectlCommand: "kubectl describe", name: "frontend-7d9c4-x2b8k" });
const GET_EVENTS = act({ verb: "list", resource: "events" });
const GET_DEPLOY = act({ resource: "deployments", name: "frontend" });
const SET_IMAGE = act({ kubectlCommand: "kubectl set image", verb: "patch", resource: "deployments", name: "frontend" });

/** Runs inputs (times in ms after T0) and collects every event. */
function run(inputs: IncidentInput[], spec = SPEC, start?: IncidentState) {
  let state = start ?? createIncident({ incidentId: "i1", teamId: "a", scenarioId: spec.scenarioId, injectedAt: T0 });
  const events: GameEventDraft[] = [];
  const rejected: string[] = [];
  for (const input of inputs) {
    const step = reduceIncident(state, spec, input);
    state = step.state;
    events.push(...step.events);
    if (step.rejected) rejected.push(step.rejected);
  }
  return { state, events, rejected, types: events.map((e) => e.type) };
}
const activity = (t: number, a: ActivityLike): IncidentInput => ({ type: "activity", at: T0 + t, activity: a });
const evaluation = (t: number, ok: boolean, forbidOk = true): IncidentInput => ({ type: "cluster-evaluation", at: T0 + t, recoveryOk: ok, forbidOk });
const tick = (t: number): IncidentInput => ({ type: "tick", now: T0 + t });

describe("diagnosis", () => {
  it("a key clue diagnoses at once; later clues are only observed", () => {
    const r = run([activity(MIN, GET_EVENTS), activity(2 * MIN, DESCRIBE_POD), activity(3 * MIN, GET_DEPLOY), activity(4 * MIN, DESCRIBE_POD)]);
    expect(r.types).toEqual(["clue-observed", "clue-observed", "incident-diagnosed", "clue-observed"]);
    expect(r.events[2]).toMatchObject({ clueIndex: 0, command: "kubectl describe", at: T0 + 2 * MIN, teamId: "a", incidentId: "i1" });
    expect(r.state.diagnosedAt).toBe(T0 + 2 * MIN);
    expect(r.state.cluesSeen).toEqual([1, 0, 2]);
    expect(phaseOf(r.state)).toBe("diagnosed");
  });
  it("summed weights of distinct clues reaching the threshold diagnose", () => {
    const r = run([activity(MIN, GET_EVENTS), activity(2 * MIN, GET_EVENTS), activity(3 * MIN, GET_DEPLOY)]);
    expect(r.types).toEqual(["clue-observed", "clue-observed", "incident-diagnosed"]);
    expect(r.events[2]).toMatchObject({ clueIndex: 2, at: T0 + 3 * MIN });
  });
  it("refused or failed requests are not clues", () => {
    const r = run([activity(MIN, { ...DESCRIBE_POD, allowed: false, code: 403 }), activity(MIN, { ...DESCRIBE_POD, code: 404 })]);
    expect(r.events).toEqual([]);
  });
  it("activity before the injection does not count", () => {
    expect(run([activity(-MIN, DESCRIBE_POD)]).events).toEqual([]);
  });
  it("carries the activity id into clue-observed", () => {
    const r = run([{ type: "activity", at: T0 + MIN, activity: { ...GET_EVENTS, id: "act-7" } }]);
    expect(r.events[0]).toMatchObject({ type: "clue-observed", activityId: "act-7", clueIndex: 1 });
  });
});

describe("fix attempted", () => {
  it("is the first mutating request on a target", () => {
    const r = run([activity(MIN, GET_DEPLOY), activity(2 * MIN, SET_IMAGE), activity(3 * MIN, SET_IMAGE)]);
    expect(r.types.filter((t) => t === "fix-attempted")).toHaveLength(1);
    expect(r.events.find((e) => e.type === "fix-attempted")).toMatchObject({ at: T0 + 2 * MIN, command: "kubectl set image", verb: "patch", resource: "deployments", name: "frontend" });
    expect(phaseOf(r.state)).toBe("fix-attempted");
  });
  const targets = SPEC.targets;
  it.each([
    ["patch the deployment", SET_IMAGE, true],
    ["delete one of its pods", act({ kubectlCommand: "kubectl delete", verb: "delete", resource: "pods", name: "frontend-7d9c4-x2b8k" }), true],
    ["delete all pods (deletecollection)", act({ verb: "deletecollection", resource: "pods" }), true],
    ["scale subresource", act({ kubectlCommand: "kubectl scale", verb: "patch", resource: "deployments", subresource: "scale", name: "frontend" }), true],
    ["create a deployment (no name in path)", act({ verb: "create", resource: "deployments" }), true],
    ["patch its replicaset", act({ verb: "patch", resource: "replicasets", name: "frontend-7d9c4" }), true],
    ["read the deployment", GET_DEPLOY, false],
    ["patch another deployment", act({ verb: "patch", resource: "deployments", name: "backend" }), false],
    ["delete another deployment's pod", act({ verb: "delete", resource: "pods", name: "backend-1-x" }), false],
    ["a refused patch", { ...SET_IMAGE, allowed: false, code: 403 }, false],
    ["an invalid patch (422)", { ...SET_IMAGE, code: 422 }, false],
    ["exec into a pod", act({ verb: "connect", resource: "pods", subresource: "exec", name: "frontend-7d9c4-x2b8k" }), false],
  ] as const)("%s → %s", (_, a, expected) => {
    expect(isFixAttempt(a, targets)).toBe(expected);
  });
  it("service targets include their endpoints", () => {
    expect(isFixAttempt(act({ verb: "update", resource: "endpoints", name: "backend" }), [{ kind: "Service", name: "backend" }])).toBe(true);
    expect(isFixAttempt(act({ verb: "create", resource: "configmaps" }), [{ kind: "ConfigMap", name: "backend-config" }])).toBe(true);
  });
});

describe("recovery and sustainFor", () => {
  it("recovers once conditions held for sustainFor; TTR is the start of the window", () => {
    const r = run([activity(MIN, SET_IMAGE), evaluation(2 * MIN, true), tick(2 * MIN + 29 * SEC), tick(2 * MIN + 30 * SEC)]);
    expect(r.types).toEqual(["fix-attempted", "incident-recovered"]);
    expect(r.events[1]).toMatchObject({ at: T0 + 2 * MIN + 30 * SEC, healthySince: T0 + 2 * MIN });
    expect(r.state.recoveredAt).toBe(T0 + 2 * MIN);
    expect(phaseOf(r.state)).toBe("recovered");
  });
  it("a flap resets the timer", () => {
    const r = run([evaluation(2 * MIN, true), evaluation(2 * MIN + 20 * SEC, false), evaluation(2 * MIN + 25 * SEC, true), tick(2 * MIN + 50 * SEC), tick(2 * MIN + 55 * SEC)]);
    expect(r.types).toEqual(["incident-recovered"]);
    expect(r.events[0]).toMatchObject({ at: T0 + 2 * MIN + 55 * SEC, healthySince: T0 + 2 * MIN + 25 * SEC });
  });
  it("a forbid condition holding keeps it from recovering", () => {
    const r = run([evaluation(MIN, true, false), tick(5 * MIN)]);
    expect(r.types).toEqual([]);
    expect(r.state.healthySince).toBeNull();
  });
  it("repeated ok evaluations do not move the window start", () => {
    const r = run([evaluation(MIN, true), evaluation(MIN + 10 * SEC, true), evaluation(MIN + 40 * SEC, true)]);
    expect(r.events[0]).toMatchObject({ type: "incident-recovered", healthySince: T0 + MIN, at: T0 + MIN + 30 * SEC });
  });
  it("a window that completed before a later flap still counts (late evaluation)", () => {
    const r = run([evaluation(MIN, true), evaluation(3 * MIN, false)]);
    expect(r.events[0]).toMatchObject({ type: "incident-recovered", at: T0 + MIN + 30 * SEC });
  });
  it("an out-of-order older evaluation is ignored", () => {
    const r = run([evaluation(2 * MIN, true), evaluation(MIN, false), tick(2 * MIN + 30 * SEC)]);
    expect(r.types).toEqual(["incident-recovered"]);
  });
  it("sustainFor 0 recovers on the first healthy evaluation", () => {
    const r = run([evaluation(MIN, true)], { ...SPEC, sustainForMs: 0 });
    expect(r.events[0]).toMatchObject({ type: "incident-recovered", at: T0 + MIN, healthySince: T0 + MIN });
  });
  it("nextDeadline is the end of the window, or the expiry", () => {
    const r = run([evaluation(2 * MIN, true)]);
    expect(nextDeadline(r.state, SPEC)).toBe(T0 + 2 * MIN + 30 * SEC);
    expect(nextDeadline(run([]).state, SPEC)).toBe(T0 + 10 * MIN);
  });
});

describe("expiry and terminal states", () => {
  it("expires at the time limit", () => {
    const r = run([tick(10 * MIN - 1), tick(10 * MIN)]);
    expect(r.types).toEqual(["incident-expired"]);
    expect(r.events[0]!.at).toBe(T0 + 10 * MIN);
    expect(phaseOf(r.state)).toBe("expired");
  });
  it("a window that would end after the time limit does not recover", () => {
    const r = run([evaluation(10 * MIN - 10 * SEC, true), tick(10 * MIN + 20 * SEC)]);
    expect(r.types).toEqual(["incident-expired"]);
  });
  it("a window ending exactly at the limit recovers", () => {
    const r = run([evaluation(9 * MIN + 30 * SEC, true), tick(10 * MIN)]);
    expect(r.types).toEqual(["incident-recovered"]);
  });
  it("expiry discovered by a late input is stamped at the limit, before the input is processed", () => {
    const r = run([activity(12 * MIN, DESCRIBE_POD)]);
    expect(r.types).toEqual(["incident-expired"]);
    expect(r.events[0]!.at).toBe(T0 + 10 * MIN);
  });
  it.each([
    ["activity", activity(12 * MIN, SET_IMAGE)],
    ["evaluation", evaluation(12 * MIN, true)],
    ["tick", tick(20 * MIN)],
    ["hint", { type: "buy-hint", at: T0 + 12 * MIN, hintIndex: 0 } as IncidentInput],
  ])("after recovery, %s changes nothing", (_, input) => {
    const done = run([evaluation(MIN, true), tick(2 * MIN)]);
    const step = reduceIncident(done.state, SPEC, input);
    expect(step.events).toEqual([]);
    expect(phaseOf(step.state)).toBe("recovered");
  });
  it("after expiry, nothing changes and declarations are refused", () => {
    const done = run([tick(10 * MIN)]);
    expect(run([evaluation(11 * MIN, true), tick(12 * MIN), activity(12 * MIN, DESCRIBE_POD)], SPEC, done.state).events).toEqual([]);
    expect(reduceIncident(done.state, SPEC, { type: "declare", at: T0 + 11 * MIN, optionId: "bad-tag" }).rejected).toBe("the incident has expired");
  });
});

describe("pause", () => {
  it("stops the time limit and shifts the deadline", () => {
    const r = run([{ type: "pause", at: T0 + 2 * MIN }, tick(11 * MIN), { type: "resume", at: T0 + 5 * MIN }, tick(12 * MIN + 59 * SEC)]);
    expect(r.types).toEqual([]);
    expect(nextDeadline(r.state, SPEC)).toBe(T0 + 13 * MIN);
    expect(run([tick(13 * MIN)], SPEC, r.state).types).toEqual(["incident-expired"]);
  });
  it("has no deadline while paused", () => {
    expect(nextDeadline(run([{ type: "pause", at: T0 + MIN }]).state, SPEC)).toBeNull();
  });
  it("stops the sustain window too", () => {
    const r = run([evaluation(MIN, true), { type: "pause", at: T0 + MIN + 10 * SEC }, { type: "resume", at: T0 + 3 * MIN }, tick(3 * MIN + 19 * SEC), tick(3 * MIN + 20 * SEC)]);
    expect(r.types).toEqual(["incident-recovered"]);
    expect(r.events[0]).toMatchObject({ at: T0 + 3 * MIN + 20 * SEC, healthySince: T0 + MIN });
  });
  it("delays hint unlocks", () => {
    const r = run([{ type: "pause", at: T0 + MIN }, { type: "resume", at: T0 + 2 * MIN }, { type: "buy-hint", at: T0 + 2 * MIN + 30 * SEC, hintIndex: 0 }]);
    expect(r.rejected).toEqual(["hint unlocks in 30s"]);
  });
});

describe("declarations and hints", () => {
  const declare = (t: number, optionId: string): IncidentInput => ({ type: "declare", at: T0 + t, optionId });
  it("records at most two attempts", () => {
    const r = run([declare(MIN, "oom"), declare(2 * MIN, "dns"), declare(3 * MIN, "bad-tag")]);
    expect(r.events).toMatchObject([
      { type: "root-cause-declared", optionId: "oom", correct: false, attempt: 1 },
      { type: "root-cause-declared", optionId: "dns", correct: false, attempt: 2 },
    ]);
    expect(r.rejected).toEqual(["no declarations left (at most 2)"]);
  });
  it("refuses after a correct one, and unknown options", () => {
    const r = run([declare(MIN, "bad-tag"), declare(2 * MIN, "oom"), declare(2 * MIN, "nope")]);
    expect(r.events).toHaveLength(1);
    expect(r.rejected).toEqual(["the root cause was already declared correctly", 'unknown option "nope"']);
  });
  it("accepts a declaration after recovery", () => {
    const r = run([evaluation(MIN, true), tick(2 * MIN), declare(3 * MIN, "bad-tag")]);
    expect(r.types).toEqual(["incident-recovered", "root-cause-declared"]);
  });
  it("hints: locked, bought, bought twice, unknown", () => {
    const buy = (t: number, hintIndex: number): IncidentInput => ({ type: "buy-hint", at: T0 + t, hintIndex });
    const r = run([buy(MIN, 0), buy(2 * MIN, 0), buy(3 * MIN, 0), buy(3 * MIN, 5)]);
    expect(r.events).toMatchObject([{ type: "hint-bought", hintIndex: 0, cost: 10, at: T0 + 2 * MIN }]);
    expect(r.rejected).toEqual(["hint unlocks in 60s", "hint already bought", "no hint 5"]);
  });
  it("a rejected input returns the unchanged state", () => {
    const s = createIncident({ incidentId: "i1", teamId: "a", scenarioId: "x", injectedAt: T0 });
    expect(reduceIncident(s, SPEC, { type: "declare", at: T0, optionId: "nope" }).state).toBe(s);
    // Even when a deadline fell due before the refused input: nothing happens until the tick.
    const late = reduceIncident(s, SPEC, { type: "buy-hint", at: T0 + 11 * MIN, hintIndex: 9 });
    expect(late).toEqual({ state: s, events: [], rejected: "the incident is over" });
    expect(reduceIncident(s, SPEC, { type: "tick", now: T0 + 11 * MIN }).events.map((e) => e.type)).toEqual(["incident-expired"]);
  });
});

describe("with the log and the scoreboard", () => {
  it("the machine's events score as expected and rebuild the same state", () => {
    const r = run([
      activity(MIN, DESCRIBE_POD),
      { type: "declare", at: T0 + MIN + 10 * SEC, optionId: "bad-tag" },
      activity(2 * MIN, SET_IMAGE),
      { type: "pause", at: T0 + 3 * MIN },
      { type: "resume", at: T0 + 4 * MIN },
      evaluation(4 * MIN, true),
      tick(4 * MIN + 30 * SEC),
    ]);
    let seq = 0;
    const wrap = (e: Record<string, unknown>): GameEvent => parseGameEvent({ ...e, seq: ++seq, gameId: "g" });
    const log: GameEvent[] = [
      wrap({ type: "team-joined", teamId: "a", name: "A", at: T0 - MIN }),
      wrap({ type: "incident-injected", teamId: "a", incidentId: "i1", scenarioId: "bad-image-tag", params: {}, at: T0 }),
      ...r.events.filter((e) => e.at < T0 + 3 * MIN).map(wrap),
      wrap({ type: "game-paused", at: T0 + 3 * MIN }),
      wrap({ type: "game-resumed", at: T0 + 4 * MIN }),
      ...r.events.filter((e) => e.at >= T0 + 3 * MIN).map(wrap),
    ];
    const inc = computeLeaderboard(log, { scenarios: { "bad-image-tag": { points: 200, timeLimitMs: 10 * MIN } } }).teams[0]!.incidents[0]!;
    expect(inc).toMatchObject({ status: "recovered", ttdMs: MIN, ttrMs: 3 * MIN });
    // 200×(1−0.5×0.3)=170, 25%×200×0.95=47.5→48, +20 declaration, +20 first
    expect(inc.points.total).toBe(170 + 48 + 20 + 20);

    const rebuilt = incidentFromEvents("i1", log)!;
    expect({ ...rebuilt, healthySince: null, lastEvaluationAt: null }).toEqual({ ...r.state, healthySince: null, lastEvaluationAt: null });
  });
});

describe("incidentSpecFromScenario", () => {
  it("parses durations and defaults the threshold", () => {
    const spec = incidentSpecFromScenario({
      id: "bad-image-tag",
      timeLimit: "10m",
      clues: SPEC.clues.map((c) => ({ ...c, note: "n" })),
      targets: [{ kind: "Deployment", name: "frontend" }],
      rootCause: { question: "why?", options: [{ id: "a", text: "A", correct: true }, { id: "b", text: "B" }] },
      hints: [{ text: "look at events", cost: 10, unlockAfter: "2m" }],
      recovery: { all: [{ deploymentAvailable: { name: "frontend" } }], sustainFor: "20s", forbid: [] },
    });
    expect(spec).toMatchObject({ timeLimitMs: 10 * MIN, sustainForMs: 20 * SEC, diagnosisThreshold: 1, hints: [{ cost: 10, unlockAfterMs: 2 * MIN }], maxDeclarations: 2 });
  });
});

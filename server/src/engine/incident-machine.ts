import { parseDuration } from "../core/index.js";
import { DEFAULT_DIAGNOSIS_THRESHOLD, type Clue, type Scenario, type TargetRef } from "../scenarios/index.js";
import { activeMsBetween, DEFAULT_SCORING_RULES, wallTimeAfterActive, type GameEvent, type GameEventDraft, type PausedInterval } from "../scoring/index.js";
import { activityCounts, matchClues, type ActivityLike } from "./clue-matcher.js";
import { globMatches } from "./glob.js";
import { normaliseResource, resourceForKind } from "./resource-names.js";

/*
 * One team's incident as a pure reducer: (state, input) → {state, events}. No clock, no IO: the game
 * feeds inputs (kubectl activity, cluster evaluations from namespace watches, ticks at nextDeadline())
 * and appends the returned events to the log before applying the new state.
 *
 * injected → diagnosed → fix attempted → recovered | expired. Diagnosis and fix attempt are recorded in
 * whatever order they happen; recovered and expired are terminal: nothing changes after them, except
 * that a root-cause declaration is still accepted after recovery (teams often fix first, then explain).
 * All durations (time limit, sustain window, hint unlock) count active time: host pauses stop them.
 */

/** API verbs that change objects; the first one on a target is the fix attempt. */
export const MUTATING_VERBS: ReadonlySet<string> = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/** Workload kinds whose pods (and ReplicaSets) are named `<name>-…`: a write to those is a write to the target. */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

/** What the machine needs from a rendered scenario, with durations parsed (ms). */
export interface IncidentSpec {
  scenarioId: string;
  timeLimitMs: number;
  sustainForMs: number;
  clues: readonly Pick<Clue, "command" | "verb" | "resource" | "subresource" | "name" | "weight" | "key">[];
  /** Summed weight of distinct matched clues that counts as diagnosis when no key clue matched. */
  diagnosisThreshold: number;
  targets: readonly TargetRef[];
  rootCauseOptions: readonly { id: string; correct?: boolean }[];
  hints: readonly { cost: number; unlockAfterMs: number }[];
  /** Declarations accepted per incident. Default 2 (DEFAULT_SCORING_RULES.maxDeclarationAttempts). */
  maxDeclarations: number;
}

/** Builds the spec from a scenario already rendered for the team (renderScenario). */
export function incidentSpecFromScenario(
  s: Pick<Scenario, "id" | "timeLimit" | "clues" | "diagnosisThreshold" | "targets" | "rootCause" | "hints" | "recovery">,
  maxDeclarations: number = DEFAULT_SCORING_RULES.maxDeclarationAttempts,
): IncidentSpec {
  return {
    scenarioId: s.id,
    timeLimitMs: parseDuration(s.timeLimit),
    sustainForMs: parseDuration(s.recovery.sustainFor),
    clues: s.clues,
    diagnosisThreshold: s.diagnosisThreshold ?? DEFAULT_DIAGNOSIS_THRESHOLD,
    targets: s.targets,
    rootCauseOptions: s.rootCause.options,
    hints: s.hints.map((h) => ({ cost: h.cost, unlockAfterMs: parseDuration(h.unlockAfter) })),
    maxDeclarations,
  };
}

export type IncidentPhase = "injected" | "diagnosed" | "fix-attempted" | "recovered" | "expired";

export interface IncidentState {
  incidentId: string;
  teamId: string;
  scenarioId: string;
  injectedAt: number;
  diagnosedAt: number | null;
  fixAttemptedAt: number | null;
  /** Start of the sustained healthy window that counted (epoch ms). */
  recoveredAt: number | null;
  expiredAt: number | null;
  /** Distinct clue indexes seen, in order. */
  cluesSeen: number[];
  /** Start of the current healthy window (conditions ok, no forbid), or null. Not persisted in events. */
  healthySince: number | null;
  /** Time of the latest cluster evaluation applied; older ones arriving late are ignored. */
  lastEvaluationAt: number | null;
  /** Pauses since injection. */
  paused: PausedInterval[];
  declarations: { optionId: string; correct: boolean; at: number }[];
  hintsBought: number[];
}

export type IncidentInput =
  | { type: "activity"; at: number; activity: ActivityLike & { id?: string } }
  | { type: "cluster-evaluation"; at: number; recoveryOk: boolean; forbidOk: boolean }
  | { type: "tick"; now: number }
  | { type: "declare"; at: number; optionId: string }
  | { type: "buy-hint"; at: number; hintIndex: number }
  | { type: "pause"; at: number }
  | { type: "resume"; at: number };

export interface IncidentStep {
  state: IncidentState;
  /** New events, in order, without seq/gameId (the log writer assigns them). */
  events: GameEventDraft[];
  /**
   * Why a declare/buy-hint was refused (for a clear message to the team); absent when accepted. A refused
   * input changes nothing: `state` is the input state and `events` is empty (a deadline that fell due is
   * picked up by the next tick).
   */
  rejected?: string;
}

export function createIncident(init: { incidentId: string; teamId: string; scenarioId: string; injectedAt: number; paused?: boolean }): IncidentState {
  return {
    incidentId: init.incidentId,
    teamId: init.teamId,
    scenarioId: init.scenarioId,
    injectedAt: init.injectedAt,
    diagnosedAt: null,
    fixAttemptedAt: null,
    recoveredAt: null,
    expiredAt: null,
    cluesSeen: [],
    healthySince: null,
    lastEvaluationAt: null,
    paused: init.paused ? [{ from: init.injectedAt, to: null }] : [],
    declarations: [],
    hintsBought: [],
  };
}

export function phaseOf(s: IncidentState): IncidentPhase {
  if (s.recoveredAt !== null) return "recovered";
  if (s.expiredAt !== null) return "expired";
  if (s.fixAttemptedAt !== null) return "fix-attempted";
  if (s.diagnosedAt !== null) return "diagnosed";
  return "injected";
}

export function isTerminal(s: IncidentState): boolean {
  return s.recoveredAt !== null || s.expiredAt !== null;
}

export function isPaused(s: IncidentState): boolean {
  const last = s.paused[s.paused.length - 1];
  return last !== undefined && last.to === null;
}

/** Active (pause-excluded) ms since injection at `now`. */
export function elapsedMs(s: IncidentState, now: number): number {
  return activeMsBetween(s.injectedAt, now, s.paused);
}

/** Epoch ms at which the incident expires, assuming no further pause; null while paused. */
export function expiresAt(s: IncidentState, spec: Pick<IncidentSpec, "timeLimitMs">): number | null {
  return wallTimeAfterActive(s.injectedAt, spec.timeLimitMs, s.paused);
}

/**
 * When the game should next send a `tick`: the end of the current sustain window or the expiry,
 * whichever comes first. Null when terminal or paused (resume recomputes it).
 */
export function nextDeadline(s: IncidentState, spec: Pick<IncidentSpec, "timeLimitMs" | "sustainForMs">): number | null {
  if (isTerminal(s) || isPaused(s)) return null;
  const expiry = expiresAt(s, spec);
  const sustained = s.healthySince === null ? null : wallTimeAfterActive(s.healthySince, spec.sustainForMs, s.paused);
  const candidates = [expiry, sustained].filter((t): t is number => t !== null);
  return candidates.length ? Math.min(...candidates) : null;
}

/** True when the request writes one of the targets, or the pods / ReplicaSets of a target workload. */
export function isFixAttempt(activity: ActivityLike, targets: readonly TargetRef[]): boolean {
  if (!activityCounts(activity) || !MUTATING_VERBS.has(activity.verb)) return false;
  const resource = normaliseResource(activity.resource);
  const name = activity.name ?? "";
  return targets.some((t) => {
    const targetResource = resourceForKind(t.kind);
    // POST has no name in the path and deletecollection has none: any write to the resource counts.
    if (resource === targetResource) return name === "" || name === t.name;
    if (WORKLOAD_KINDS.has(t.kind) && (resource === "pods" || resource === "replicasets")) return name === "" || globMatches(`${t.name}-*`, name);
    if (t.kind === "Service" && (resource === "endpoints" || resource === "endpointslices")) return name === "" || name === t.name || globMatches(`${t.name}-*`, name);
    return false;
  });
}

/** The reducer. Never throws for well-typed input; never mutates `state`. */
export function reduceIncident(state: IncidentState, spec: IncidentSpec, input: IncidentInput): IncidentStep {
  const s: IncidentState = structuredClone(state);
  const events: GameEventDraft[] = [];
  const at = input.type === "tick" ? input.now : input.at;

  // Time may have run out (or a sustain window completed) before this input arrived.
  checkTimers(s, spec, at, events);

  switch (input.type) {
    case "tick":
      break;
    case "pause":
      if (!isPaused(s) && !isTerminal(s)) s.paused.push({ from: Math.max(at, s.injectedAt), to: null });
      break;
    case "resume":
      if (isPaused(s)) s.paused[s.paused.length - 1]!.to = Math.max(at, s.paused[s.paused.length - 1]!.from);
      break;
    case "activity":
      if (!isTerminal(s) && at >= s.injectedAt) onActivity(s, spec, input.activity, at, events);
      break;
    case "cluster-evaluation": {
      if (isTerminal(s) || (s.lastEvaluationAt !== null && at < s.lastEvaluationAt)) break;
      s.lastEvaluationAt = at;
      const ok = input.recoveryOk && input.forbidOk;
      // A flap resets the window: recovery needs the conditions to hold continuously for sustainFor.
      if (!ok) s.healthySince = null;
      else if (s.healthySince === null) s.healthySince = Math.max(at, s.injectedAt);
      checkTimers(s, spec, at, events); // sustainFor 0 recovers at once
      break;
    }
    case "declare": {
      const reason = declareRejection(s, spec, input.optionId);
      if (reason) return { state, events: [], rejected: reason };
      const correct = spec.rootCauseOptions.find((o) => o.id === input.optionId)!.correct === true;
      s.declarations.push({ optionId: input.optionId, correct, at });
      events.push(draft(s, at, { type: "root-cause-declared", optionId: input.optionId, correct, attempt: s.declarations.length }));
      break;
    }
    case "buy-hint": {
      const reason = hintRejection(s, spec, input.hintIndex, at);
      if (reason) return { state, events: [], rejected: reason };
      s.hintsBought.push(input.hintIndex);
      events.push(draft(s, at, { type: "hint-bought", hintIndex: input.hintIndex, cost: spec.hints[input.hintIndex]!.cost }));
      break;
    }
  }
  return { state: s, events };
}

function onActivity(s: IncidentState, spec: IncidentSpec, activity: ActivityLike & { id?: string }, at: number, events: GameEventDraft[]): void {
  const command = activity.kubectlCommand || `${activity.verb} ${activity.resource}${activity.subresource ? `/${activity.subresource}` : ""}`;
  const matched = matchClues(activity, spec.clues);
  for (const clueIndex of matched) {
    if (s.cluesSeen.includes(clueIndex)) continue;
    s.cluesSeen.push(clueIndex);
    events.push(
      draft(s, at, {
        type: "clue-observed",
        clueIndex,
        kubectlCommand: activity.kubectlCommand ?? "",
        ...(activity.id !== undefined ? { activityId: activity.id } : {}),
      }),
    );
  }
  if (s.diagnosedAt === null && matched.length > 0) {
    const key = matched.find((i) => spec.clues[i]!.key);
    const weight = s.cluesSeen.reduce((sum, i) => sum + (spec.clues[i]?.weight ?? 0), 0);
    const clueIndex = key ?? (weight >= spec.diagnosisThreshold ? matched[matched.length - 1] : undefined);
    if (clueIndex !== undefined) {
      s.diagnosedAt = at;
      events.push(draft(s, at, { type: "incident-diagnosed", clueIndex, command }));
    }
  }
  if (s.fixAttemptedAt === null && isFixAttempt(activity, spec.targets)) {
    s.fixAttemptedAt = at;
    events.push(
      draft(s, at, {
        type: "fix-attempted",
        command,
        verb: activity.verb,
        resource: activity.resource,
        ...(activity.name ? { name: activity.name } : {}),
      }),
    );
  }
}

/** Emits recovered or expired if either fell due by `now`, whichever came first (recovery wins a tie). */
function checkTimers(s: IncidentState, spec: IncidentSpec, now: number, events: GameEventDraft[]): void {
  if (isTerminal(s)) return;
  const expiry = expiresAt(s, spec);
  const sustained = s.healthySince === null ? null : wallTimeAfterActive(s.healthySince, spec.sustainForMs, s.paused);
  if (sustained !== null && sustained <= now && (expiry === null || sustained <= expiry)) {
    // TTR measures the fix, not the wait: the recovery time is the start of the sustained window.
    s.recoveredAt = s.healthySince;
    events.push(draft(s, sustained, { type: "incident-recovered", healthySince: s.healthySince! }));
  } else if (expiry !== null && expiry <= now) {
    s.expiredAt = expiry;
    s.healthySince = null;
    events.push(draft(s, expiry, { type: "incident-expired" }));
  }
}

function declareRejection(s: IncidentState, spec: IncidentSpec, optionId: string): string | undefined {
  if (s.expiredAt !== null) return "the incident has expired";
  if (!spec.rootCauseOptions.some((o) => o.id === optionId)) return `unknown option "${optionId}"`;
  if (s.declarations.some((d) => d.correct)) return "the root cause was already declared correctly";
  if (s.declarations.length >= spec.maxDeclarations) return `no declarations left (at most ${spec.maxDeclarations})`;
  return undefined;
}

function hintRejection(s: IncidentState, spec: IncidentSpec, hintIndex: number, at: number): string | undefined {
  if (isTerminal(s)) return "the incident is over";
  const hint = spec.hints[hintIndex];
  if (!hint) return `no hint ${hintIndex}`;
  if (s.hintsBought.includes(hintIndex)) return "hint already bought";
  const waitMs = hint.unlockAfterMs - elapsedMs(s, at);
  if (waitMs > 0) return `hint unlocks in ${Math.ceil(waitMs / 1000)}s`;
  return undefined;
}

type IncidentEventType = "clue-observed" | "incident-diagnosed" | "fix-attempted" | "incident-recovered" | "incident-expired" | "root-cause-declared" | "hint-bought";
type PayloadOf<T extends IncidentEventType> = Omit<Extract<GameEvent, { type: T }>, "seq" | "gameId" | "at" | "teamId" | "incidentId">;

function draft<T extends IncidentEventType>(s: IncidentState, at: number, payload: PayloadOf<T> & { type: T }): GameEventDraft {
  return { ...payload, at, teamId: s.teamId, incidentId: s.incidentId } as unknown as GameEventDraft;
}

/**
 * Rebuilds an incident's state from the log after a restart (events of any team; only this incident's and
 * the game's pauses are used). The current healthy window is not in the log: the next cluster evaluation
 * starts a new one, so a restart can only delay a recovery, never grant one.
 */
export function incidentFromEvents(incidentId: string, events: readonly GameEvent[]): IncidentState | null {
  let s: IncidentState | null = null;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.type === "incident-injected" && e.incidentId === incidentId && !s) {
      s = createIncident({ incidentId, teamId: e.teamId, scenarioId: e.scenarioId, injectedAt: e.at });
      continue;
    }
    if (!s) continue;
    if (e.type === "game-paused" && !isPaused(s) && !isTerminal(s)) s.paused.push({ from: e.at, to: null });
    if (e.type === "game-resumed" && isPaused(s)) s.paused[s.paused.length - 1]!.to = e.at;
    if (!("incidentId" in e) || e.incidentId !== incidentId) continue;
    switch (e.type) {
      case "clue-observed":
        if (!s.cluesSeen.includes(e.clueIndex)) s.cluesSeen.push(e.clueIndex);
        break;
      case "incident-diagnosed":
        s.diagnosedAt ??= e.at;
        break;
      case "fix-attempted":
        s.fixAttemptedAt ??= e.at;
        break;
      case "incident-recovered":
        if (!isTerminal(s)) s.recoveredAt = e.healthySince;
        break;
      case "incident-expired":
        if (!isTerminal(s)) s.expiredAt = e.at;
        break;
      case "root-cause-declared":
        s.declarations.push({ optionId: e.optionId, correct: e.correct, at: e.at });
        break;
      case "hint-bought":
        if (!s.hintsBought.includes(e.hintIndex)) s.hintsBought.push(e.hintIndex);
        break;
    }
  }
  return s;
}

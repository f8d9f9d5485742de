/**
 * One game, running: the IO around the pure rules. It turns the pack's timeline into injections (break
 * mutations through kube/), kubectl activity and namespace watch events into incident-machine inputs,
 * and every resulting fact into GameEvents that are persisted before the runtime's state changes.
 *
 * All commands are serialised on one queue, so events keep a single order and the reducers never race.
 * Cluster evaluations (which may wait on the service proxy) run outside the queue and enter it with the
 * time they were taken; the reducer ignores stale ones.
 */
import { KUBE_NAME_ALPHABET, NotFoundError, ValidationError, randomString, type TimerHandle } from "../../core/index.js";
import { drawParams, renderScenario, type Scenario } from "../../scenarios/index.js";
import { activeFreeze, computeLeaderboard, type GameEvent, type GameEventDraft, type Leaderboard } from "../../scoring/index.js";
import {
  createIncident,
  expiresAt,
  incidentFromEvents,
  incidentSpecFromScenario,
  isTerminal,
  nextDeadline,
  reduceIncident,
  type IncidentInput,
  type IncidentSpec,
  type IncidentState,
} from "../incident-machine.js";
import { createCollateralTracker, reduceCollateral, type CollateralInput, type CollateralState } from "../collateral.js";
import { applyMutations } from "../mutations/index.js";
import { createTimelineScheduler, type DueInjection, type TimelineScheduler } from "../timeline.js";
import { evaluateCondition, proxyChecksFor, type NamespaceSnapshot } from "../recovery.js";
import { evaluateIncident } from "./evaluator.js";
import { restoreFacts, timelineIndexOf, type GamePhase } from "./restore.js";
import type { GameDefinition, RuntimeActivity, RuntimeDeps, RuntimeListener, RuntimeTeam } from "./types.js";

/** Watch events arriving within this window trigger one evaluation, in ms. */
export const EVALUATION_DEBOUNCE_MS = 5;
/**
 * After a break is applied, evaluations are ignored this long (ms): the watch may not have delivered the
 * break yet, and a stale healthy snapshot must not open a recovery window.
 */
export const INJECTION_SETTLE_MS = 1_500;
/**
 * The service proxy has no watch: while an open incident's recovery includes an HTTP check, its team is
 * re-evaluated this often (ms) so an app that starts (or stops) answering is noticed without a cluster change.
 */
export const PROXY_RECHECK_MS = 1_000;
/**
 * A component that breaks this soon (ms) after an injection for its team is taken as the incident's own
 * effect (a deleted ConfigMap takes the backend down), never as collateral damage from the team.
 */
export const INCIDENT_EFFECT_WINDOW_MS = 60_000;
/** Length of the random suffix of incident ids. */
const INCIDENT_ID_SUFFIX_LENGTH = 8;

export interface LiveIncident {
  state: IncidentState;
  spec: IncidentSpec;
  /** The scenario rendered with the team's params and namespace. */
  scenario: Scenario;
  waveId: string;
  /** Evaluations before this epoch ms are ignored (see INJECTION_SETTLE_MS). */
  settledAt: number;
  timer: TimerHandle | null;
}

export type CommandResult = { ok: true; text?: string } | { ok: false; reason: string };

export class GameRuntime {
  private readonly listeners = new Set<RuntimeListener>();
  private readonly log: GameEvent[] = [];
  private readonly teams = new Map<string, RuntimeTeam>();
  private readonly incidents = new Map<string, LiveIncident>();
  private readonly watchOffs = new Map<string, () => void>();
  /** Pending evaluation per team, with the epoch ms it is due (a sooner request replaces a later one). */
  private readonly evaluationTimers = new Map<string, { handle: TimerHandle; dueAt: number }>();
  private readonly collateral = new Map<string, CollateralState>();
  private gamePhase: GamePhase = "lobby";
  private timeline: TimelineScheduler | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Events persisted by the running command, announced once it has applied them (see enqueue). */
  private unannounced: GameEvent[] = [];
  private manualWaves = 0;
  /** Live and public boards, each with the log length it was computed at. */
  private readonly boardCache = new Map<boolean, { length: number; board: Leaderboard }>();
  private stopped = false;

  constructor(
    readonly def: GameDefinition,
    private readonly deps: RuntimeDeps,
  ) {}

  /**
   * Rebuilds a game from its log after a restart: teams, watches, incidents (TTD/TTR keep their original injection times) and the timeline.
   * `rebuiltTeams`: teams whose namespace was lost with the cluster (the sim keeps objects in memory) and was
   * re-provisioned at the baseline; their open incidents' breaks are applied again with the same params.
   */
  static async restore(def: GameDefinition, deps: RuntimeDeps, events: readonly GameEvent[], options: { rebuiltTeams?: ReadonlySet<string> } = {}): Promise<GameRuntime> {
    const rt = new GameRuntime(def, deps);
    const facts = restoreFacts(events);
    rt.log.push(...[...events].sort((a, b) => a.seq - b.seq));
    rt.gamePhase = facts.phase;
    for (const t of facts.teams) rt.teams.set(t.teamId, t);
    for (const i of facts.incidents) {
      const state = incidentFromEvents(i.incidentId, rt.log);
      const team = rt.teams.get(i.teamId);
      const loaded = deps.scenarios.get(i.scenarioId);
      if (!state || !team || !loaded) continue;
      const scenario = renderScenario(loaded.spec, { params: i.params as Record<string, string | number>, namespace: team.namespace, team: team.name });
      rt.incidents.set(i.incidentId, { state, spec: incidentSpecFromScenario(scenario), scenario, waveId: i.waveId, settledAt: deps.clock.now(), timer: null });
    }
    if (facts.phase !== "ended") {
      await Promise.all([...rt.teams.values()].map((t) => rt.watchTeam(t)));
      if (options.rebuiltTeams?.size) await rt.reapplyBreaks(options.rebuiltTeams);
      if (facts.phase !== "lobby" && def.schedule && facts.startedAt !== null) {
        rt.timeline = rt.createTimeline();
        rt.timeline.start(facts.startedAt, { paused: facts.paused, fired: facts.fired });
        for (const inc of rt.incidents.values()) {
          const index = timelineIndexOf(inc.waveId);
          if (index !== null && isTerminal(inc.state)) rt.timeline.previousEnded(inc.state.teamId, index);
        }
      }
      for (const inc of rt.incidents.values()) rt.arm(inc);
      for (const t of rt.teams.values()) rt.scheduleEvaluation(t.teamId);
    }
    return rt;
  }

  // ------------------------------------------------------------------ queries

  get phase(): GamePhase {
    return this.gamePhase;
  }

  events(): readonly GameEvent[] {
    return this.log;
  }

  teamList(): RuntimeTeam[] {
    return [...this.teams.values()];
  }

  team(teamId: string): RuntimeTeam | undefined {
    return this.teams.get(teamId);
  }

  incident(incidentId: string): LiveIncident | undefined {
    return this.incidents.get(incidentId);
  }

  incidentsOf(teamId: string): LiveIncident[] {
    return [...this.incidents.values()].filter((i) => i.state.teamId === teamId);
  }

  isFrozen(): boolean {
    return activeFreeze(this.log) !== null;
  }

  /**
   * The public board: frozen at the freeze instant while the scoreboard is frozen. Memoised per log
   * length, since every screen update asks for it and the log only grows.
   */
  leaderboard(options: { ignoreFreeze?: boolean } = {}): Leaderboard {
    const live = options.ignoreFreeze === true;
    const cached = this.boardCache.get(live);
    if (cached?.length === this.log.length) return cached.board;
    const frozenAt = live ? null : activeFreeze(this.log);
    const board = computeLeaderboard(this.log, { scenarios: this.scenarioScoring(), rules: this.def.scoring, frozenAt });
    this.boardCache.set(live, { length: this.log.length, board });
    return board;
  }

  scenarioScoring(): Readonly<Record<string, { points: number; timeLimitMs: number }>> {
    if (this.def.scenarioTable) return this.def.scenarioTable;
    const out: Record<string, { points: number; timeLimitMs: number }> = {};
    for (const id of this.def.scenarioIds) {
      const s = this.deps.scenarios.get(id);
      if (s) out[id] = { points: s.spec.points, timeLimitMs: incidentSpecFromScenario(s.spec).timeLimitMs };
    }
    return out;
  }

  /** The next scheduled injection (wall-clock epoch ms and scenario), or null. */
  nextInjection(): { at: number; scenarioId: string } | null {
    const at = this.timeline?.nextDueAt() ?? null;
    if (at === null || !this.def.schedule) return null;
    // The earliest pending entry across teams is the one the countdown is about.
    const fired = restoreFacts(this.log).fired;
    const index = this.def.schedule.items.findIndex((item) => !this.teamList().every((t) => fired.some((f) => f.teamId === t.teamId && f.index === item.index)));
    const item = this.def.schedule.items[index];
    return item ? { at, scenarioId: item.scenarioId } : null;
  }

  subscribe(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------ commands

  /** The first event of every game's log. */
  recordCreated(details: { packId?: string | null; scenarioIds: readonly string[]; scoring?: GameDefinition["scoring"] }): Promise<void> {
    return this.enqueue(async () => {
      if (this.log.some((e) => e.type === "game-created")) return;
      await this.commit([
        {
          type: "game-created",
          at: this.now(),
          name: this.def.name,
          ...(details.packId ? { packId: details.packId } : {}),
          scenarioIds: [...details.scenarioIds],
          ...(details.scoring && Object.keys(details.scoring).length ? { scoring: details.scoring } : {}),
        },
      ]);
    });
  }

  addTeam(team: RuntimeTeam): Promise<void> {
    return this.enqueue(async () => {
      if (this.teams.has(team.teamId)) return;
      await this.commit([{ type: "team-joined", at: this.now(), teamId: team.teamId, name: team.name, namespace: team.namespace }]);
      this.teams.set(team.teamId, team);
      await this.watchTeam(team);
      this.timeline?.addTeam(team.teamId);
    });
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.gamePhase !== "lobby") throw new ValidationError(`cannot start a game that is ${this.gamePhase}`);
      const at = this.now();
      await this.commit([{ type: "game-started", at }]);
      this.gamePhase = "running";
      if (this.def.schedule) {
        this.timeline = this.createTimeline();
        this.timeline.start(at);
      }
    });
  }

  pause(): Promise<void> {
    return this.enqueue(async () => {
      if (this.gamePhase !== "running") throw new ValidationError(`cannot pause a game that is ${this.gamePhase}`);
      const at = this.now();
      await this.commit([{ type: "game-paused", at }]);
      this.gamePhase = "paused";
      this.timeline?.pause();
      for (const inc of this.incidents.values()) await this.step(inc, { type: "pause", at });
    });
  }

  resume(): Promise<void> {
    return this.enqueue(async () => {
      if (this.gamePhase !== "paused") throw new ValidationError(`cannot resume a game that is ${this.gamePhase}`);
      const at = this.now();
      await this.commit([{ type: "game-resumed", at }]);
      this.gamePhase = "running";
      this.timeline?.resume();
      for (const inc of this.incidents.values()) await this.step(inc, { type: "resume", at });
    });
  }

  end(): Promise<void> {
    return this.enqueue(async () => {
      if (this.gamePhase === "ended") return;
      const at = this.now();
      // Settle what is due first, so an incident that expired a moment ago is not left open.
      for (const inc of this.incidents.values()) await this.step(inc, { type: "tick", now: at });
      for (const teamId of this.teams.keys()) await this.feedCollateral(teamId, { type: "flush", at });
      await this.commit([{ type: "game-ended", at }]);
      this.gamePhase = "ended";
      this.stopTimersAndWatches();
    });
  }

  /** Injects a scenario now, for the given teams (default: all). */
  injectNow(scenarioId: string, teamIds?: readonly string[]): Promise<{ teamId: string; incidentId: string }[]> {
    return this.enqueue(async () => {
      if (this.gamePhase !== "running") throw new ValidationError(`incidents can be injected only while the game is running (it is ${this.gamePhase})`);
      if (!this.def.scenarioIds.includes(scenarioId)) throw new NotFoundError(`scenario "${scenarioId}" is not part of this game`);
      const targets = teamIds ?? [...this.teams.keys()];
      const unknown = targets.filter((t) => !this.teams.has(t));
      if (unknown.length) throw new NotFoundError(`unknown team(s): ${unknown.join(", ")}`);
      this.manualWaves += 1;
      return this.inject(scenarioId, targets, `manual-${this.log.length}-${this.manualWaves}`);
    });
  }

  resetTeam(teamId: string, reason?: string): Promise<void> {
    return this.enqueue(async () => {
      const team = this.teams.get(teamId);
      if (!team) throw new NotFoundError(`unknown team ${teamId}`);
      if (!this.deps.resetNamespace) throw new ValidationError("this server cannot reset namespaces");
      await this.commit([{ type: "team-reset", at: this.now(), teamId, ...(reason ? { reason } : {}) }]);
      await this.deps.resetNamespace(team);
      this.scheduleEvaluation(teamId);
    });
  }

  setFrozen(frozen: boolean): Promise<void> {
    return this.enqueue(async () => {
      if (frozen === this.isFrozen()) return;
      await this.commit([{ type: frozen ? "scoreboard-frozen" : "scoreboard-unfrozen", at: this.now() }]);
    });
  }

  broadcast(message: string): Promise<void> {
    return this.enqueue(async () => {
      await this.commit([{ type: "broadcast", at: this.now(), message }]);
    });
  }

  declare(teamId: string, incidentId: string, optionId: string): Promise<CommandResult> {
    return this.enqueue(async () => {
      const inc = this.ownIncident(teamId, incidentId);
      if (!inc) return { ok: false, reason: "no such incident for your team" };
      const r = await this.step(inc, { type: "declare", at: this.now(), optionId });
      return r ? { ok: false, reason: r } : { ok: true };
    });
  }

  buyHint(teamId: string, incidentId: string, hintIndex: number): Promise<CommandResult> {
    return this.enqueue(async () => {
      const inc = this.ownIncident(teamId, incidentId);
      if (!inc) return { ok: false, reason: "no such incident for your team" };
      if (this.gamePhase !== "running") return { ok: false, reason: `hints can be bought only while the game is running` };
      const r = await this.step(inc, { type: "buy-hint", at: this.now(), hintIndex });
      return r ? { ok: false, reason: r } : { ok: true, text: inc.scenario.hints[hintIndex]?.text ?? "" };
    });
  }

  /** A team's kubectl request from the gateway. Never throws; processed in order with everything else. */
  recordActivity(activity: RuntimeActivity): void {
    const teamId = activity.teamId;
    if (!teamId || !this.teams.has(teamId) || this.stopped) return;
    for (const l of this.listeners) l.onActivity?.(teamId, activity);
    if (this.gamePhase !== "running") return;
    void this.enqueue(async () => {
      const open = this.incidentsOf(teamId).filter((i) => !isTerminal(i.state));
      for (const inc of open) await this.step(inc, { type: "activity", at: activity.at, activity });
      const current = open[open.length - 1];
      await this.feedCollateral(teamId, { type: "activity", at: activity.at, activity, incidentId: current?.state.incidentId, targets: current?.spec.targets ?? [] });
    }).catch((err) => this.report("could not process kubectl activity", err));
  }

  /** Stops timers and watches (server shutdown); writes nothing, so a restart resumes exactly here. */
  stop(): void {
    this.stopped = true;
    this.stopTimersAndWatches();
  }

  /** Resolves when every queued command has run (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.queue;
      await seen.catch(() => {});
    } while (seen !== this.queue);
  }

  // ------------------------------------------------------------------ internals

  private now(): number {
    return this.deps.clock.now();
  }

  /**
   * Runs commands one at a time. Listeners hear about a command's events when it has finished, so they
   * always see the state those events produced (persisted first, then applied, then announced).
   */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn).finally(() => this.announce());
    this.queue = run.catch(() => {});
    return run;
  }

  /** Persists and records. Nothing changes if the write fails. */
  private async commit(drafts: readonly GameEventDraft[]): Promise<GameEvent[]> {
    if (drafts.length === 0) return [];
    const saved = await this.deps.log.append(drafts);
    this.log.push(...saved);
    this.unannounced.push(...saved);
    return saved;
  }

  private announce(): void {
    if (this.unannounced.length === 0) return;
    const events = this.unannounced;
    this.unannounced = [];
    for (const l of this.listeners) {
      try {
        l.onEvents?.(events);
      } catch (err) {
        this.deps.logger.error({ err }, "runtime listener failed");
      }
    }
  }

  /** Runs one reducer step: events persisted first, then the new state is applied. Returns a rejection reason, if any. */
  private async step(inc: LiveIncident, input: IncidentInput): Promise<string | undefined> {
    const wasTerminal = isTerminal(inc.state);
    const r = reduceIncident(inc.state, inc.spec, input);
    if (r.rejected) return r.rejected;
    await this.commit(r.events);
    inc.state = r.state;
    this.arm(inc);
    if (!wasTerminal && isTerminal(inc.state)) {
      const index = timelineIndexOf(inc.waveId);
      if (index !== null) this.timeline?.previousEnded(inc.state.teamId, index);
    }
    return undefined;
  }

  /** Arms the incident's next deadline (sustain window end or expiry) as a tick on the clock. */
  private arm(inc: LiveIncident): void {
    inc.timer?.cancel();
    inc.timer = null;
    if (this.stopped || this.gamePhase === "ended") return;
    const deadline = nextDeadline(inc.state, inc.spec);
    if (deadline === null) return;
    inc.timer = this.deps.clock.setTimeout(
      () => {
        inc.timer = null;
        void this.enqueue(() => this.step(inc, { type: "tick", now: this.now() })).catch((err) => this.report("incident tick failed", err));
      },
      Math.max(0, deadline - this.now()),
    );
  }

  private createTimeline(): TimelineScheduler {
    return createTimelineScheduler({
      clock: this.deps.clock,
      schedule: this.def.schedule!,
      teamIds: [...this.teams.keys()],
      seed: this.def.seed,
      onDue: (due) => {
        void this.enqueue(() => this.injectDue(due)).catch((err) => this.report(`injection of ${due.scenarioId} failed`, err));
      },
    });
  }

  private async injectDue(due: DueInjection): Promise<void> {
    if (this.gamePhase !== "running") return;
    await this.inject(due.scenarioId, due.teamIds, due.waveId);
  }

  /** Records the injections (persisted first), then applies every team's break in parallel. */
  private async inject(scenarioId: string, teamIds: readonly string[], waveId: string): Promise<{ teamId: string; incidentId: string }[]> {
    const loaded = this.deps.scenarios.get(scenarioId);
    if (!loaded) throw new NotFoundError(`unknown scenario "${scenarioId}"`);
    const at = this.now();
    const plans = teamIds
      .map((teamId) => this.teams.get(teamId))
      .filter((t): t is RuntimeTeam => t !== undefined)
      .filter((t) => !this.incidentsOf(t.teamId).some((i) => i.state.scenarioId === scenarioId && !isTerminal(i.state)))
      .map((team) => {
        const params = drawParams(loaded.spec, { seed: this.def.seed, teamId: team.teamId });
        const scenario = renderScenario(loaded.spec, { params, namespace: team.namespace, team: team.name });
        const incidentId = `${scenarioId}-${randomString(INCIDENT_ID_SUFFIX_LENGTH, KUBE_NAME_ALPHABET)}`;
        return { team, params, scenario, incidentId };
      });
    await this.commit(
      plans.map((p) => ({ type: "incident-injected" as const, at, teamId: p.team.teamId, incidentId: p.incidentId, scenarioId, params: p.params, waveId })),
    );
    for (const p of plans) {
      const inc: LiveIncident = {
        state: createIncident({ incidentId: p.incidentId, teamId: p.team.teamId, scenarioId, injectedAt: at }),
        spec: incidentSpecFromScenario(p.scenario),
        scenario: p.scenario,
        waveId,
        settledAt: at + INJECTION_SETTLE_MS,
        timer: null,
      };
      this.incidents.set(p.incidentId, inc);
      this.arm(inc);
    }
    await Promise.all(
      plans.map((p) =>
        applyMutations(this.deps.cluster, p.team.namespace, p.scenario.break, this.deps.clock).catch((err) =>
          this.report(`could not break ${p.team.namespace} for ${scenarioId}`, err),
        ),
      ),
    );
    for (const p of plans) {
      this.deps.clock.setTimeout(() => this.scheduleEvaluation(p.team.teamId), INJECTION_SETTLE_MS);
    }
    return plans.map((p) => ({ teamId: p.team.teamId, incidentId: p.incidentId }));
  }

  /** Breaks again, with the recorded params, every open incident of the given (re-provisioned) teams. */
  private async reapplyBreaks(teamIds: ReadonlySet<string>): Promise<void> {
    const open = [...this.incidents.values()].filter((i) => teamIds.has(i.state.teamId) && !isTerminal(i.state));
    await Promise.all(
      open.map(async (inc) => {
        const team = this.teams.get(inc.state.teamId)!;
        // a snapshot of the fresh baseline must not count as a recovery
        inc.settledAt = this.now() + INJECTION_SETTLE_MS;
        try {
          await applyMutations(this.deps.cluster, team.namespace, inc.scenario.break, this.deps.clock);
          this.deps.logger.info({ game: this.def.code, team: team.teamId, incident: inc.state.incidentId }, "re-applied an open incident's break after a restart");
        } catch (err) {
          this.report(`could not re-apply the break of ${inc.state.incidentId} in ${team.namespace}`, err);
        }
        this.deps.clock.setTimeout(() => this.scheduleEvaluation(team.teamId), INJECTION_SETTLE_MS);
      }),
    );
  }

  private async watchTeam(team: RuntimeTeam): Promise<void> {
    if (this.watchOffs.has(team.teamId) || !team.namespace) return;
    try {
      const off = await this.deps.cluster.watchNamespace(team.namespace, undefined, () => this.scheduleEvaluation(team.teamId));
      this.watchOffs.set(team.teamId, off);
    } catch (err) {
      this.report(`cannot watch namespace ${team.namespace}`, err);
    }
  }

  /**
   * Debounced: a burst of watch events gives one evaluation. A pending evaluation that is due later (the
   * PROXY_RECHECK_MS re-check) is brought forward, or a watch event would wait up to a whole re-check period.
   */
  private scheduleEvaluation(teamId: string, delayMs = EVALUATION_DEBOUNCE_MS): void {
    if (this.stopped) return;
    const dueAt = this.now() + delayMs;
    const pending = this.evaluationTimers.get(teamId);
    if (pending) {
      if (pending.dueAt <= dueAt) return;
      pending.handle.cancel();
    }
    const handle = this.deps.clock.setTimeout(() => {
      this.evaluationTimers.delete(teamId);
      void this.evaluateTeam(teamId).catch((err) => this.report(`evaluation of team ${teamId} failed`, err));
    }, delayMs);
    this.evaluationTimers.set(teamId, { handle, dueAt });
  }

  private async evaluateTeam(teamId: string): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team || this.gamePhase === "ended") return;
    const open = this.incidentsOf(teamId).filter((i) => !isTerminal(i.state));
    for (const inc of open) {
      const at = this.now();
      if (at < inc.settledAt) continue;
      const ev = await evaluateIncident(this.deps.cluster, team.namespace, inc.scenario.recovery);
      if (!ev) continue;
      await this.enqueue(() => this.step(inc, { type: "cluster-evaluation", at, recoveryOk: ev.recoveryOk, forbidOk: ev.forbidOk }));
    }
    await this.trackComponentHealth(team, open);
    if (open.some((i) => !isTerminal(i.state) && proxyChecksFor(i.scenario.recovery).length > 0)) this.scheduleEvaluation(teamId, PROXY_RECHECK_MS);
  }

  /** Feeds each Deployment's health to the team's collateral tracker (damage the team's own writes cause). */
  private async trackComponentHealth(team: RuntimeTeam, open: readonly LiveIncident[]): Promise<void> {
    if (this.gamePhase !== "running") return;
    const snapshot = this.deps.cluster.getSnapshot(team.namespace) as unknown as NamespaceSnapshot | undefined;
    if (!snapshot) return;
    const at = this.now();
    const targets = new Set(open.flatMap((i) => i.spec.targets.filter((t) => t.kind === "Deployment").map((t) => t.name)));
    const lastInjection = Math.max(0, ...this.incidentsOf(team.teamId).map((i) => i.state.injectedAt));
    const justInjected = at - lastInjection < INCIDENT_EFFECT_WINDOW_MS;
    const inputs: CollateralInput[] = Object.keys(snapshot.deployments ?? {}).map((name) => ({
      type: "health",
      at,
      component: `deployments/${name}`,
      healthy: evaluateCondition({ deploymentAvailable: { name } }, { snapshot, proxy: {} }).ok,
      incidentComponent: targets.has(name) || justInjected,
    }));
    await this.enqueue(async () => {
      for (const input of inputs) await this.feedCollateral(team.teamId, input);
    });
  }

  /** One collateral-tracker step; its events are persisted before the tracker's state changes. */
  private async feedCollateral(teamId: string, input: CollateralInput): Promise<void> {
    const r = reduceCollateral(this.collateral.get(teamId) ?? createCollateralTracker(teamId), input);
    await this.commit(r.events);
    this.collateral.set(teamId, r.state);
  }

  private ownIncident(teamId: string, incidentId: string): LiveIncident | undefined {
    const inc = this.incidents.get(incidentId);
    return inc && inc.state.teamId === teamId ? inc : undefined;
  }

  private stopTimersAndWatches(): void {
    this.timeline?.stop();
    for (const inc of this.incidents.values()) {
      inc.timer?.cancel();
      inc.timer = null;
    }
    for (const t of this.evaluationTimers.values()) t.handle.cancel();
    this.evaluationTimers.clear();
    for (const off of this.watchOffs.values()) off();
    this.watchOffs.clear();
  }

  private report(message: string, err: unknown): void {
    this.deps.logger.error({ err, game: this.def.code }, message);
    for (const l of this.listeners) l.onError?.(message, err);
  }
}

/** Epoch ms at which the incident expires (pause-adjusted), or null while the game is paused or it is over. */
export function incidentExpiresAt(inc: LiveIncident): number | null {
  return isTerminal(inc.state) ? null : expiresAt(inc.state, inc.spec);
}

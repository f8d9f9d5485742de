/**
 * GameRuntime against an in-memory cluster port and event log, on a fake clock:
 * - a watch event is evaluated within the debounce even while a (later) proxy re-check is pending
 *   (it used to wait for the re-check: up to PROXY_RECHECK_MS of extra recovery latency);
 * - a restore breaks again, with the recorded params, the open incidents of teams whose namespace
 *   was rebuilt (the sim loses its objects on restart), and nothing else.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FakeClock, silentLogger } from "../../../../server/src/core/index.js";
import {
  EVALUATION_DEBOUNCE_MS,
  GameRuntime,
  INJECTION_SETTLE_MS,
  PROXY_RECHECK_MS,
  type EventLog,
  type GameDefinition,
  type RuntimeCluster,
  type RuntimeDeps,
} from "../../../../server/src/engine/index.js";
import type { GameEvent, GameEventDraft } from "../../../../server/src/scoring/index.js";
import { validateLibrary } from "../../../../server/src/scenarios/index.js";

const SCENARIO = "image-pull-backoff";
const library = validateLibrary(join(import.meta.dirname, "../../../../scenarios"));
const TEAM = { teamId: "t1", name: "Orion", namespace: "fd-abc-orion" };

interface FakeCluster extends RuntimeCluster {
  patches: { namespace: string; name: string; patch: unknown }[];
  proxyCalls: number;
  fireWatch(namespace: string): void;
}

function fakeCluster(): FakeCluster {
  const handlers = new Map<string, () => void>();
  const cluster = {
    patches: [] as FakeCluster["patches"],
    proxyCalls: 0,
    fireWatch(namespace: string) {
      handlers.get(namespace)?.();
    },
    async get() {
      return undefined;
    },
    async list() {
      return [];
    },
    async apply() {
      return [];
    },
    async patch(namespace: string, ref: { name: string }, patch: unknown) {
      cluster.patches.push({ namespace, name: ref.name, patch });
      return {};
    },
    async delete() {},
    async scale() {},
    async watchNamespace(namespace: string, _kinds: unknown, handler?: () => void) {
      if (handler) handlers.set(namespace, handler);
      return () => handlers.delete(namespace);
    },
    getSnapshot() {
      return {};
    },
    stopWatching() {},
    async proxyGet() {
      cluster.proxyCalls++;
      return { status: 503, body: "" };
    },
  };
  return cluster as unknown as FakeCluster;
}

function memoryLog(store: GameEvent[]): EventLog {
  return {
    async append(drafts: readonly GameEventDraft[]) {
      const saved = drafts.map((d, i) => ({ ...d, seq: store.length + 1 + i, gameId: "g1" }) as GameEvent);
      store.push(...saved);
      return saved;
    },
  };
}

const def: GameDefinition = { gameId: "g1", code: "ABC123", name: "Unit cup", seed: "seed-1", scenarioIds: [SCENARIO], schedule: null };

function deps(clock: FakeClock, cluster: FakeCluster, events: GameEvent[]): RuntimeDeps {
  return { clock, cluster, scenarios: library.scenarios, log: memoryLog(events), logger: silentLogger() };
}

async function runningGameWithIncident() {
  const clock = new FakeClock();
  const cluster = fakeCluster();
  const events: GameEvent[] = [];
  const rt = new GameRuntime(def, deps(clock, cluster, events));
  await rt.recordCreated({ scenarioIds: [SCENARIO] });
  await rt.addTeam(TEAM);
  await rt.start();
  await rt.injectNow(SCENARIO);
  return { clock, cluster, events, rt };
}

describe("GameRuntime evaluation scheduling", () => {
  it("evaluates a watch event within the debounce while a proxy re-check is pending", async () => {
    expect(library.scenarios.has(SCENARIO)).toBe(true);
    const { clock, cluster, rt } = await runningGameWithIncident();
    await clock.advanceAsync(INJECTION_SETTLE_MS + EVALUATION_DEBOUNCE_MS);
    const afterFirst = cluster.proxyCalls;
    expect(afterFirst).toBeGreaterThan(0); // the first evaluation probed, and armed the re-check
    await clock.advanceAsync(PROXY_RECHECK_MS / 10);
    expect(cluster.proxyCalls).toBe(afterFirst);
    cluster.fireWatch(TEAM.namespace);
    await clock.advanceAsync(EVALUATION_DEBOUNCE_MS);
    expect(cluster.proxyCalls).toBe(afterFirst + 1);
    // and the periodic re-check still runs afterwards
    await clock.advanceAsync(PROXY_RECHECK_MS);
    expect(cluster.proxyCalls).toBe(afterFirst + 2);
    rt.stop();
  });

  it("a burst of watch events gives one evaluation", async () => {
    const { clock, cluster, rt } = await runningGameWithIncident();
    await clock.advanceAsync(INJECTION_SETTLE_MS + EVALUATION_DEBOUNCE_MS);
    const before = cluster.proxyCalls;
    for (let i = 0; i < 5; i++) cluster.fireWatch(TEAM.namespace);
    await clock.advanceAsync(EVALUATION_DEBOUNCE_MS);
    expect(cluster.proxyCalls).toBe(before + 1);
    rt.stop();
  });
});

describe("GameRuntime.restore with rebuilt namespaces", () => {
  it("re-applies an open incident's break with the same params for a rebuilt team only", async () => {
    const { cluster: first, events, rt } = await runningGameWithIncident();
    rt.stop();
    expect(first.patches).toHaveLength(1);
    const original = first.patches[0]!;

    const clock = new FakeClock();
    const rebuilt = fakeCluster();
    const restored = await GameRuntime.restore(def, deps(clock, rebuilt, [...events]), events, { rebuiltTeams: new Set([TEAM.teamId]) });
    expect(rebuilt.patches).toEqual([original]);
    expect(restored.incidentsOf(TEAM.teamId)[0]!.state.injectedAt).toBe(events.find((e) => e.type === "incident-injected")!.at);
    restored.stop();

    const kept = fakeCluster();
    const untouched = await GameRuntime.restore(def, deps(new FakeClock(), kept, [...events]), events);
    expect(kept.patches).toEqual([]);
    untouched.stop();
  });

  it("does not break again an incident that is over", async () => {
    const { clock, events, rt } = await runningGameWithIncident();
    await clock.advanceAsync(11 * 60_000); // past the scenario's 10m time limit
    expect(events.some((e) => e.type === "incident-expired")).toBe(true);
    rt.stop();
    const rebuilt = fakeCluster();
    const restored = await GameRuntime.restore(def, deps(new FakeClock(), rebuilt, [...events]), events, { rebuiltTeams: new Set([TEAM.teamId]) });
    expect(rebuilt.patches).toEqual([]);
    restored.stop();
  });
});

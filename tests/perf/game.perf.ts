/**
 * The game pipeline, end to end in one process (`npx tsx tests/perf/run.ts game`): the whole app as
 * `npm start` composes it (sim cluster, gateway, game runtime, SQLite, REST + Colyseus on loopback),
 * plus Colyseus SDK clients.
 *
 * (a) Recovery latency: from the sim store write that makes an incident's last store-observable recovery
 *     condition true, to the patch that shows the incident `recovered` arriving at a connected screen
 *     client. Included: store watch fan-out → sim API watch stream → client-node namespace watch →
 *     evaluation debounce → recovery evaluation (incl. the HTTP check through the service proxy) → the
 *     incident machine (sustainFor 0s) → GameEvent persisted to SQLite → room projection → Colyseus patch
 *     (PATCH_INTERVAL_MS) → websocket → SDK decode. Not included: pod start-up and probes (that is the
 *     sim's time, before the measured write). The "last condition" is found by evaluating the scenario's
 *     recovery (store-observable conditions and forbids) against the store inside its own watch callback.
 * (b) Injection skew: a pack with one timeline entry at a fixed offset, 50 teams; each team's
 *     `incident-injected` time and the moment its break reaches the sim store, against the deadline
 *     (game-started + offset). Goal: all within 1 s, never early.
 */
import { performance } from "node:perf_hooks";
import { Client, type Room } from "@colyseus/sdk";
import type { CreateGameResponse, CreateTeamResponse, GameStateView } from "../../server/src/protocol/index.js";
import { evaluateCondition, evaluateForbid, type NamespaceSnapshot } from "../../server/src/engine/recovery.js";
import { nodeObject } from "../../server/src/sim/controllers/bootstrap.js";
import type { GroupVersionResource, KubeObject } from "../../server/src/sim/store/index.js";
import { makeScenarioLibrary } from "../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../helpers/firedrill.js";
import { waitFor } from "../helpers/wait.js";

const SCENARIO = "image-pull-backoff";
const GOOD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
/** (a): teams × rounds = incidents measured. */
const LATENCY_TEAMS = 10;
/** Smaller runs for a quick look: GAME_BENCH_ROUNDS=2 GAME_BENCH_SKEW_TEAMS=10. */
const LATENCY_ROUNDS = Number(process.env.GAME_BENCH_ROUNDS ?? 20);
/** (b) */
const SKEW_TEAMS = Number(process.env.GAME_BENCH_SKEW_TEAMS ?? 50);
const SKEW_AT_S = 15;
const SKEW_PACK = "bench-skew";
/** Extra simulated nodes so 50 TaskMaster teams (0.4 CPU, 640 Mi each) can all become healthy. */
const EXTRA_NODES = 4;
/** Evaluations are ignored this long after an injection (runtime INJECTION_SETTLE_MS), plus a margin. */
const SETTLE_WAIT_MS = 1_500 + 300;
const ROUND_TIMEOUT_MS = 60_000;
/**
 * Staggered mode fixes the teams one after another this far apart (ms), so each recovery crosses the
 * pipeline on its own (with every team's watches live); burst mode fixes all teams at the same instant.
 */
const FIX_STAGGER_MS = 300;
/** Burst rounds (all teams recover at once: the queue and the event loop are contended). */
const BURST_ROUNDS = Number(process.env.GAME_BENCH_BURST_ROUNDS ?? 5);
/** Teams created at once (each waits for its app to be healthy). */
const CREATE_CONCURRENCY = 10;

const GVR = {
  deployments: { group: "apps", version: "v1", resource: "deployments" },
  replicasets: { group: "apps", version: "v1", resource: "replicasets" },
  pods: { group: "", version: "v1", resource: "pods" },
  services: { group: "", version: "v1", resource: "services" },
  endpoints: { group: "", version: "v1", resource: "endpoints" },
} satisfies Record<string, GroupVersionResource>;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function stateOf(room: Room): GameStateView {
  return (room.state as { toJSON(): GameStateView }).toJSON();
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

function addNodes(fd: TestFiredrill): void {
  const store = fd.sim!.store;
  for (let i = 0; i < EXTRA_NODES; i++) {
    store.create({ group: "", version: "v1", resource: "nodes" }, nodeObject({ name: `bench-worker-${i + 1}`, cpu: "32", memory: "64Gi", pods: 500 }, 10 + i, Date.now()));
  }
}

async function createTeams(fd: TestFiredrill, game: CreateGameResponse, count: number, prefix: string): Promise<CreateTeamResponse[]> {
  return inBatches(Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`), CREATE_CONCURRENCY, async (name) => {
    const r = await fd.api<CreateTeamResponse>("POST", `/api/games/${game.code}/teams`, { name }, game.hostKey);
    if (r.status !== 201) throw new Error(`creating team ${name}: ${r.status} ${r.text}`);
    return r.body;
  });
}

// ------------------------------------------------------------------------------------------ (a)

interface Watched {
  incidentId: string;
  /** Store-observable recovery holds now. */
  ok: boolean;
  /** performance.now() of the write that last made it hold. */
  readyAt: number | null;
  seenAt: number | null;
  /** performance.now() when the runtime announced incident-recovered (persisted). */
  committedAt: number | null;
}

async function recoveryLatency(fd: TestFiredrill, rounds: number, burst: boolean): Promise<Record<string, number | string>> {
  const created = await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Latency bench", scenarios: [SCENARIO], settings: { openRegistration: false } });
  const game = created.body;
  const teams = await createTeams(fd, game, LATENCY_TEAMS, "Latency");
  const client = new Client(fd.url);
  const screen = await client.joinById(game.code, { role: "screen", code: game.code });
  const runtime = fd.service.active(game.code)!.runtime;
  const store = fd.sim!.store;

  const byNamespace = new Map(teams.map((t) => [t.namespace, t]));
  const watching = new Map<string, Watched>(); // namespace → current incident
  /** The rendered recovery of a team's current incident (conditions without the HTTP checks, and forbids). */
  const recoveryOf = (namespace: string) => {
    const inc = runtime.incident(watching.get(namespace)!.incidentId)!;
    return inc.scenario.recovery;
  };
  const snapshotOf = (namespace: string): NamespaceSnapshot => {
    const s: Record<string, Record<string, KubeObject>> = {};
    for (const [resource, gvr] of Object.entries(GVR)) {
      s[resource] = Object.fromEntries(store.list(gvr, { namespace }).items.map((o) => [o.metadata.name, o]));
    }
    return s as unknown as NamespaceSnapshot;
  };
  const evaluate = (namespace: string): boolean => {
    const recovery = recoveryOf(namespace);
    const ctx = { snapshot: snapshotOf(namespace), proxy: {} };
    const conditions = recovery.all.filter((c) => !("httpViaProxy" in c));
    return conditions.every((c) => evaluateCondition(c, ctx).ok) && (recovery.forbid ?? []).every((f) => !evaluateForbid(f, ctx).holds);
  };
  const onWrite = (namespace: string | undefined) => {
    const t = performance.now();
    const w = namespace ? watching.get(namespace) : undefined;
    if (!w || w.seenAt !== null) return;
    const ok = evaluate(namespace!);
    if (ok && !w.ok) w.readyAt = t;
    w.ok = ok;
  };
  const handles = Object.values(GVR).map((gvr) => store.watch(gvr, {}, (e) => onWrite(e.object.metadata.namespace)));

  const byIncident = () => new Map([...watching.values()].map((w) => [w.incidentId, w]));
  runtime.subscribe({
    onEvents: (events) => {
      const t = performance.now();
      const map = byIncident();
      for (const e of events) if (e.type === "incident-recovered") map.get(e.incidentId)!.committedAt ??= t;
    },
  });
  screen.onMessage("*", () => {});
  screen.onStateChange(() => {
    const t = performance.now();
    if (![...watching.values()].some((w) => w.seenAt === null)) return;
    const state = stateOf(screen);
    for (const [namespace, w] of watching) {
      if (w.seenAt !== null) continue;
      const team = byNamespace.get(namespace)!;
      if (state.teams[team.teamId]?.incidents.some((i) => i.incidentId === w.incidentId && i.status === "recovered")) w.seenAt = t;
    }
  });

  if ((await fd.api("POST", `/api/games/${game.code}/start`, {}, game.hostKey)).status !== 200) throw new Error("could not start the latency game");
  const latencies: number[] = [];
  const toCommit: number[] = [];
  let missing = 0;
  for (let round = 0; round < rounds; round++) {
    const r = await fd.api<{ injected: { teamId: string; incidentId: string }[] }>("POST", `/api/games/${game.code}/inject`, { scenario: SCENARIO }, game.hostKey);
    if (r.status !== 200) throw new Error(`inject: ${r.status} ${r.text}`);
    const injectedAt = performance.now();
    watching.clear();
    for (const inj of r.body.injected) {
      const team = teams.find((t) => t.teamId === inj.teamId)!;
      watching.set(team.namespace, { incidentId: inj.incidentId, ok: true, readyAt: null, seenAt: null, committedAt: null });
    }
    // the break has landed everywhere (recovery no longer holds) and the runtime's settle window is over
    await waitFor(() => [...watching.keys()].every((ns) => !evaluate(ns)), "every team to be broken", ROUND_TIMEOUT_MS);
    for (const ns of watching.keys()) watching.get(ns)!.ok = false;
    await waitFor(() => performance.now() - injectedAt >= SETTLE_WAIT_MS, "the settle window");
    const fix = (ns: string) =>
      fd.cluster.patch(ns, { apiVersion: "apps/v1", kind: "Deployment", name: "frontend" }, { spec: { template: { spec: { containers: [{ name: "frontend", image: GOOD_IMAGE }] } } } });
    if (burst) {
      await Promise.all([...watching.keys()].map(fix));
    } else {
      for (const ns of watching.keys()) {
        await fix(ns);
        await new Promise((r) => setTimeout(r, FIX_STAGGER_MS));
      }
    }
    await waitFor(() => [...watching.values()].every((w) => w.seenAt !== null), () => `round ${round}: every incident to show recovered on the screen (${[...watching.values()].filter((w) => w.seenAt === null).length} left)`, ROUND_TIMEOUT_MS);
    for (const w of watching.values()) {
      if (w.readyAt === null) missing++;
      else {
        latencies.push(w.seenAt! - w.readyAt);
        toCommit.push(w.committedAt! - w.readyAt);
      }
    }
  }
  for (const h of handles) h.stop();
  await screen.leave().catch(() => {});
  await fd.api("POST", `/api/games/${game.code}/end`, {}, game.hostKey);
  await Promise.all(teams.map((t) => fd.cluster.teardownTeam(t.namespace).catch(() => {})));

  const sorted = [...latencies].sort((x, y) => x - y);
  const commitSorted = [...toCommit].sort((x, y) => x - y);
  return {
    "recovery→screen incidents measured": sorted.length,
    "recovery→screen incidents without an observed last write": missing,
    "recovery→screen p50 (ms)": round1(percentile(sorted, 50)),
    "recovery→screen p95 (ms)": round1(percentile(sorted, 95)),
    "recovery→screen max (ms)": round1(percentile(sorted, 100)),
    "recovery→screen goal p50/p95 (ms)": "75 / 150",
    "recovery→event persisted p50 (ms)": round1(percentile(commitSorted, 50)),
    "recovery→event persisted p95 (ms)": round1(percentile(commitSorted, 95)),
  };
}

// ------------------------------------------------------------------------------------------ (b)

async function injectionSkew(fd: TestFiredrill): Promise<Record<string, number | string>> {
  const created = await fd.api<CreateGameResponse>("POST", "/api/games", { name: "Skew bench", pack: SKEW_PACK, settings: { openRegistration: false, maxTeams: SKEW_TEAMS } });
  if (created.status !== 201) throw new Error(`create skew game: ${created.text}`);
  const game = created.body;
  const t0 = performance.now();
  const teams = await createTeams(fd, game, SKEW_TEAMS, "Skew");
  const provisionMs = performance.now() - t0;
  const runtime = fd.service.active(game.code)!.runtime;
  const namespaces = new Set(teams.map((t) => t.namespace));
  const breakAt = new Map<string, number>(); // namespace → Date.now() when the bad image reached the store
  const handle = fd.sim!.store.watch(GVR.deployments, {}, (e) => {
    const ns = e.object.metadata.namespace!;
    if (!namespaces.has(ns) || breakAt.has(ns) || e.object.metadata.name !== "frontend") return;
    const image = (e.object.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image;
    if (image !== GOOD_IMAGE) breakAt.set(ns, Date.now());
  });

  if ((await fd.api("POST", `/api/games/${game.code}/start`, {}, game.hostKey)).status !== 200) throw new Error("could not start the skew game");
  const startedAt = runtime.events().find((e) => e.type === "game-started")!.at;
  const deadline = startedAt + SKEW_AT_S * 1000;
  await waitFor(() => breakAt.size === SKEW_TEAMS, () => `every team's break (${breakAt.size}/${SKEW_TEAMS})`, SKEW_AT_S * 1000 + 30_000);
  handle.stop();
  const injected = runtime.events().filter((e) => e.type === "incident-injected");
  const eventSkew = injected.map((e) => e.at - deadline).sort((a, b) => a - b);
  const breakSkew = [...breakAt.values()].map((t) => t - deadline).sort((a, b) => a - b);
  await fd.api("POST", `/api/games/${game.code}/end`, {}, game.hostKey);
  return {
    "skew teams": SKEW_TEAMS,
    [`skew: provision ${SKEW_TEAMS} teams until healthy (ms)`]: Math.round(provisionMs),
    "skew: incident-injected events": injected.length,
    "skew: incident-injected − deadline, min (ms)": eventSkew[0]!,
    "skew: incident-injected − deadline, max (ms)": eventSkew[eventSkew.length - 1]!,
    "skew: break in the store − deadline, min (ms)": breakSkew[0]!,
    "skew: break in the store − deadline, p50 (ms)": percentile(breakSkew, 50),
    "skew: break in the store − deadline, max (ms)": breakSkew[breakSkew.length - 1]!,
    "skew: teams injected early": eventSkew.filter((s) => s < 0).length + breakSkew.filter((s) => s < 0).length,
    "skew: goal": "all within 1000 ms, none early",
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const library = makeScenarioLibrary(
    { [SCENARIO]: { timeLimit: "600s", sustainFor: "0s" } },
    {
      [SKEW_PACK]: {
        title: "Skew bench",
        description: "One incident for every team at a fixed offset.",
        duration: "30m",
        app: "taskmaster",
        timeline: [{ scenario: SCENARIO, at: `${SKEW_AT_S}s` }],
        jitter: "0s",
        simultaneous: true,
      },
    },
  );
  const fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: library });
  try {
    addNodes(fd);
    // one part failing must not lose the others' figures
    const attempt = async (name: string, fn: () => Promise<Record<string, number | string>>) => {
      try {
        return await fn();
      } catch (err) {
        return { [`${name} failed`]: String(err).slice(0, 300) };
      }
    };
    const a = await attempt("latency", () => recoveryLatency(fd, LATENCY_ROUNDS, false));
    const burst = BURST_ROUNDS > 0 ? await attempt("burst", () => recoveryLatency(fd, BURST_ROUNDS, true)) : {};
    const b = SKEW_TEAMS > 0 ? await attempt("skew", () => injectionSkew(fd)) : {};
    return { ...a, ...Object.fromEntries(Object.entries(burst).map(([k, v]) => [`burst: ${k}`, v])), ...b };
  } finally {
    await fd.close();
  }
}

/** A real store + FakeClock + controllers, plus helpers that play the kubelet's part in tests. */
import { FakeClock, seededRandom, silentLogger } from "../../../../server/src/core/index.js";
import { startControllers, type SimNodeConfig } from "../../../../server/src/sim/controllers/index.js";
import { DEPLOYMENTS, EVENTS, PODS, REPLICA_SETS } from "../../../../server/src/sim/controllers/gvr.js";
import { isoSeconds, type Json } from "../../../../server/src/sim/controllers/objects.js";
import { createObjectStore, type KubeObject } from "../../../../server/src/sim/store/index.js";

export function startCluster(opts: { only?: string[]; nodes?: SimNodeConfig[]; namespaces?: string[] } = {}) {
  const clock = new FakeClock();
  const store = createObjectStore({ clock, random: seededRandom(42), onWatcherError: (err) => { throw err; } });
  const running = startControllers({ store, clock, logger: silentLogger(), only: opts.only, nodes: opts.nodes });
  for (const ns of opts.namespaces ?? ["team-a"]) {
    store.create({ group: "", version: "v1", resource: "namespaces" }, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns }, spec: { finalizers: ["kubernetes"] } });
  }
  /** Lets every queued reconcile (and the reactions to it) run, then advances `ms`. */
  const settle = (ms = 0) => clock.advance(ms);
  settle();

  const pods = (ns = "team-a", filter: (p: Json) => boolean = () => true): Json[] => store.list(PODS, { namespace: ns }).items.filter(filter);
  const events = (ns = "team-a"): Json[] => store.list(EVENTS, { namespace: ns }).items;

  /** Plays the kubelet: marks pods Running and Ready now. */
  function markReady(filter: (p: Json) => boolean = () => true, ns = "team-a"): number {
    let n = 0;
    for (const p of pods(ns, (x) => !x.metadata.deletionTimestamp && filter(x))) {
      if ((p.status?.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True")) continue;
      setPodStatus(p, true);
      n++;
    }
    return n;
  }

  function setPodStatus(p: Json, ready: boolean): void {
    const t = isoSeconds(clock.now());
    store.update(
      PODS,
      {
        ...p,
        status: {
          ...(p.status ?? {}),
          phase: "Running",
          podIP: p.status?.podIP ?? `10.244.1.${(n++ % 250) + 2}`,
          conditions: [
            { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: t },
            { type: "ContainersReady", status: ready ? "True" : "False", lastTransitionTime: t },
          ],
        },
      } as KubeObject,
      { subresource: "status" },
    );
  }
  let n = 0;

  const deployment = (name: string, ns = "team-a"): Json => store.get(DEPLOYMENTS, ns, name);
  const replicaSets = (ns = "team-a"): Json[] => store.list(REPLICA_SETS, { namespace: ns }).items;

  return { clock, store, running, settle, pods, events, markReady, setPodStatus, deployment, replicaSets };
}

export type Cluster = ReturnType<typeof startCluster>;

export function makeDeployment(name: string, opts: { replicas?: number; image?: string; strategy?: Json; ns?: string; spec?: Json; annotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: opts.ns ?? "team-a", labels: { app: name }, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: opts.image ?? `ghcr.io/firedrill-game/taskmaster-${name}:1.0`, ports: [{ containerPort: 80, name: "http" }] }] },
      },
      ...(opts.spec ?? {}),
    },
  };
}

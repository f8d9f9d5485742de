/**
 * Controller figures: N team namespaces each with TaskMaster's three Deployments (5 pods) and three
 * Services, on a real store with admission, every controller and a FakeClock. Measures wall-clock time
 * to converge (create → scheduled → ready → endpoints) and for a rolling update of every backend,
 * so the per-team cost at 10 and 50 teams can be compared as a ratio (linear scaling ≈ 1×).
 */
import { FakeClock, silentLogger } from "../../server/src/core/index.js";
import { registerAdmission } from "../../server/src/sim/api/admission/index.js";
import { startControllers } from "../../server/src/sim/controllers/index.js";
import { DEPLOYMENTS, NAMESPACES, PODS, SERVICES } from "../../server/src/sim/controllers/gvr.js";
import { isoSeconds, type Json } from "../../server/src/sim/controllers/objects.js";
import { createObjectStore, type KubeObject } from "../../server/src/sim/store/index.js";

const APPS = [
  { name: "frontend", replicas: 2, port: 80 },
  { name: "backend", replicas: 2, port: 8080 },
  { name: "postgres", replicas: 1, port: 5432 },
];

function deployment(ns: string, app: (typeof APPS)[number]): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app.name, namespace: ns, labels: { app: app.name } },
    spec: {
      replicas: app.replicas,
      selector: { matchLabels: { app: app.name } },
      template: {
        metadata: { labels: { app: app.name } },
        spec: { containers: [{ name: app.name, image: `img/${app.name}:1.0`, ports: [{ name: "http", containerPort: app.port }], resources: { requests: { cpu: "10m", memory: "16Mi" } } }] },
      },
    },
  };
}

async function scenario(teams: number): Promise<{ convergeMs: number; rolloutMs: number; pods: number }> {
  const clock = new FakeClock();
  const store = createObjectStore({ clock });
  registerAdmission(store);
  const nodes = Array.from({ length: 3 }, (_, i) => ({ name: `node-${i + 1}`, cpu: "64", memory: "256Gi", pods: 1000 }));
  const running = startControllers({ store, clock, logger: silentLogger(), nodes });
  let ip = 0;
  const markReady = () => {
    for (const p of store.list(PODS).items as Json[]) {
      if (p.metadata.deletionTimestamp || p.status?.conditions?.some((c: Json) => c.type === "Ready" && c.status === "True")) continue;
      const t = isoSeconds(clock.now());
      store.update(PODS, { ...p, status: { ...p.status, phase: "Running", podIP: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}`, conditions: [{ type: "Ready", status: "True", lastTransitionTime: t }] } }, { subresource: "status" });
    }
  };
  const t0 = performance.now();
  for (let t = 0; t < teams; t++) {
    const ns = `team-${t}`;
    store.create(NAMESPACES, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    for (const app of APPS) {
      store.create(DEPLOYMENTS, deployment(ns, app));
      store.create(SERVICES, { apiVersion: "v1", kind: "Service", metadata: { name: app.name, namespace: ns }, spec: { selector: { app: app.name }, ports: [{ port: app.port, targetPort: "http" }] } });
    }
  }
  clock.advance(0);
  markReady();
  clock.advance(0);
  const convergeMs = performance.now() - t0;

  const t1 = performance.now();
  for (let t = 0; t < teams; t++) {
    const d = store.get(DEPLOYMENTS, `team-${t}`, "backend") as Json;
    d.spec.template.spec.containers[0].image = "img/backend:1.1";
    store.update(DEPLOYMENTS, d);
  }
  for (let i = 0; i < 6; i++) {
    clock.advance(0);
    markReady();
  }
  clock.advance(30_000); // old pods' grace period
  const rolloutMs = performance.now() - t1;
  const pods = store.list(PODS).items.length;
  running.stop();
  return { convergeMs, rolloutMs, pods };
}

export default async function run(): Promise<Record<string, number | string>> {
  await scenario(2); // warm-up (JIT)
  const small = await scenario(10);
  const large = await scenario(50);
  const perTeam = (ms: number, n: number) => ms / n;
  return {
    "10 teams: converge (ms)": Math.round(small.convergeMs),
    "10 teams: roll every backend (ms)": Math.round(small.rolloutMs),
    "50 teams: converge (ms)": Math.round(large.convergeMs),
    "50 teams: roll every backend (ms)": Math.round(large.rolloutMs),
    "50 teams: pods at the end": large.pods,
    "per-team converge cost, 50 vs 10 teams (ratio)": (perTeam(large.convergeMs, 50) / perTeam(small.convergeMs, 10)).toFixed(2),
    "per-team rollout cost, 50 vs 10 teams (ratio)": (perTeam(large.rolloutMs, 50) / perTeam(small.rolloutMs, 10)).toFixed(2),
  };
}

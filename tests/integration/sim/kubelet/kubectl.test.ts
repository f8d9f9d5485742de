/**
 * What players see through real kubectl when the simulated kubelet runs TaskMaster: the sim API server
 * (sim/index.ts) with the kubelet's PodRuntime attached, on a RealClock sped up 20×.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RealClock, ScaledClock, silentLogger } from "../../../../server/src/core/index.js";
import { startKubelet, type RunningKubelet } from "../../../../server/src/sim/kubelet/index.js";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";
import { catalog, gvrOf, taskmasterDocs, type Json } from "../../../helpers/kubelet-cluster.js";

/** Simulated cluster time runs this much faster than the wall clock in this file. */
const TIME_SCALE = 20;
const NS = "team-a";

let sim: TestSim;
let kubelet: RunningKubelet;

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pods = (app?: string): Json[] => sim.cluster.store.list(gvrOf("Pod"), { namespace: NS, labelSelector: app ? `app=${app}` : undefined }).items;
const k = async (...args: string[]) => {
  const r = await sim.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  sim = await startTestSim({ clock: new ScaledClock(new RealClock(), TIME_SCALE) });
  const { store, clock } = sim.cluster;
  kubelet = startKubelet({ store, clock, catalog: catalog(), logger: silentLogger() });
  sim.cluster.setRuntime(kubelet.runtime);
  store.create(gvrOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  for (const doc of taskmasterDocs()) store.create(gvrOf(doc.kind), { ...doc, metadata: { ...doc.metadata, namespace: NS } });
  await until("TaskMaster ready", () => pods().length === 5 && pods().every((p) => p.status?.containerStatuses?.[0]?.ready));
});

afterAll(async () => {
  kubelet?.stop();
  await sim?.stop();
});

describe("kubectl against the simulated kubelet", () => {
  test("get pods: all Running 1/1", async () => {
    const out = await k("get", "pods", "-n", NS);
    const rows = out.trim().split("\n");
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows.slice(1)).toHaveLength(5);
    for (const row of rows.slice(1)) expect(row).toMatch(/^(backend|frontend|postgres)-\S+\s+1\/1\s+Running\s+0\s+\d+s$/);
  });

  test("logs and the services proxy answer from the app model", async () => {
    const logs = await k("logs", "-n", NS, "deploy/backend", "--tail=50");
    expect(logs).toMatch(/INFO {2}listening on :8080/);
    const tasks = await k("get", "--raw", `/api/v1/namespaces/${NS}/services/frontend:80/proxy/api/tasks`);
    expect(JSON.parse(tasks)).toHaveLength(2);
  });

  test("a bad image tag: ImagePullBackOff in get, the waiting state in jsonpath, the events in describe", async () => {
    const deploy = sim.cluster.store.get(gvrOf("Deployment"), NS, "frontend") as Json;
    const spec = structuredClone(deploy.spec);
    spec.template.spec.containers[0].image = "ghcr.io/firedrill-game/taskmaster-frontend:2.0";
    sim.cluster.store.update(gvrOf("Deployment"), { ...deploy, spec });
    await until("a frontend pod in ImagePullBackOff", () => pods("frontend").some((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff"));
    const bad = pods("frontend").find((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff")!;
    const name = bad.metadata.name;

    expect(await k("get", "pods", "-n", NS, name)).toMatch(new RegExp(`^${name}\\s+0/1\\s+(ImagePullBackOff|ErrImagePull)\\s+0\\s+\\d+s$`, "m"));
    const waiting = JSON.parse(await k("get", "pod", name, "-n", NS, "-o", "jsonpath={.status.containerStatuses[0].state.waiting}"));
    expect(waiting.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(waiting.message).toContain('failed to resolve reference "ghcr.io/firedrill-game/taskmaster-frontend:2.0": ghcr.io/firedrill-game/taskmaster-frontend:2.0: not found');

    const describe = await k("describe", "pod", name, "-n", NS);
    expect(describe).toMatch(/Normal\s+Pulling\s+.*kubelet\s+Pulling image "ghcr.io\/firedrill-game\/taskmaster-frontend:2.0"/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Failed to pull image "ghcr.io\/firedrill-game\/taskmaster-frontend:2.0": rpc error: code = NotFound desc = failed to pull and unpack image/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ErrImagePull/);
    expect(describe).toMatch(/Normal\s+BackOff\s+.*kubelet\s+Back-off pulling image "ghcr.io\/firedrill-game\/taskmaster-frontend:2.0"/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ImagePullBackOff/);

    const logs = await sim.kubectl(["logs", name, "-n", NS]);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toMatch(/container "frontend" in pod "\S+" is waiting to start: (trying and failing to pull image|image can't be pulled)/);
  });
});

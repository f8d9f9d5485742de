/**
 * Replays the seeds with real kubectl against the simulated cluster (API server + controllers + kubelet
 * on a RealClock sped up 20×): Exercise 02 (ImagePullBackOff on the TaskMaster frontend, fixed with
 * `kubectl set image`) and Lab 5 (bad tag, diagnosed with `-l`, fixed by re-applying the manifests).
 * Every command a player types in those seeds is run here and its output checked.
 */
import { request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RealClock, ScaledClock } from "../../../server/src/core/index.js";
import { startTestSim, type TestSim } from "../../helpers/sim.js";
import { catalog, gvrOf, ROOT, type Json } from "../../helpers/kubelet-cluster.js";

/** Simulated cluster time runs this much faster than the wall clock in this file. */
const TIME_SCALE = 20;
const EXERCISE_NS = "taskmaster";
const LAB_NS = "dev";
const TASKMASTER_DIR = join(ROOT, "scenarios/apps/taskmaster/");
const GOOD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
const BAD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:2.0";
const LAB_BAD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:nonexistent";
/** What containerd says for a tag the registry does not have (the seed's Step 2 "Failed" line). */
const notFound = (image: string) =>
  `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;

let sim: TestSim;

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pods = (ns: string, app?: string): Json[] => sim.cluster.store.list(gvrOf("Pod"), { namespace: ns, labelSelector: app ? `app=${app}` : undefined }).items;
const waitingReason = (p: Json): string | undefined => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const allReady = (ns: string) => pods(ns).length === 5 && pods(ns).every((p) => p.status?.containerStatuses?.[0]?.ready && !p.metadata.deletionTimestamp);

async function k(...args: string[]): Promise<string> {
  const r = await sim.kubectl(args, { timeoutMs: 90_000 });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** GET through the API server's services proxy; returns the HTTP status and body as the upstream answered. */
function proxyGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, sim.cluster.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: sim.cluster.caPem, headers: { authorization: `Bearer ${sim.cluster.adminToken}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** `kubectl get pods` rows as { name, ready, status, restarts }. */
function rows(table: string): { name: string; ready: string; status: string; restarts: string }[] {
  const [header, ...lines] = table.trim().split("\n");
  expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  return lines.map((l) => {
    const [name, ready, status, restarts] = l.split(/\s+/);
    return { name: name!, ready: ready!, status: status!, restarts: restarts! };
  });
}

beforeAll(async () => {
  sim = await startTestSim({ clock: new ScaledClock(new RealClock(), TIME_SCALE), catalog: catalog() });
  for (const ns of [EXERCISE_NS, LAB_NS]) {
    await k("create", "namespace", ns);
    const applied = await k("apply", "-f", TASKMASTER_DIR, "-n", ns);
    expect(applied).toContain("deployment.apps/frontend created");
  }
  await until("TaskMaster ready in both namespaces", () => allReady(EXERCISE_NS) && allReady(LAB_NS));
});

afterAll(async () => {
  await sim?.stop();
});

describe("Exercise 02: ImagePullBackOff", () => {
  test("baseline: every pod 1/1 Running and the frontend answers 200 through services/frontend/proxy/", async () => {
    const table = rows(await k("get", "pods", "-n", EXERCISE_NS));
    expect(table).toHaveLength(5);
    for (const r of table) expect(r).toMatchObject({ ready: "1/1", status: "Running", restarts: "0" });
    const res = await proxyGet(`/api/v1/namespaces/${EXERCISE_NS}/services/frontend/proxy/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<html|TaskMaster/i);
  });

  test("a tag that does not exist: get pods, describe, jsonpath; set image back and the rollout completes", async () => {
    expect(await k("set", "image", "deployment/frontend", `frontend=${BAD_IMAGE}`, "-n", EXERCISE_NS)).toContain("deployment.apps/frontend image updated");
    const badPods = () => pods(EXERCISE_NS, "frontend").filter((p) => p.spec.containers[0].image === BAD_IMAGE);
    await until("the new frontend pod in ImagePullBackOff", () => badPods().length > 0 && badPods().every((p) => waitingReason(p) === "ImagePullBackOff"));

    // Step 1. The rolling update (maxSurge 25 % → 1, maxUnavailable 25 % → 0) starts one new pod, which can't pull;
    // the old frontend pods keep serving, as on a real cluster.
    const table = rows(await k("get", "pods", "-n", EXERCISE_NS));
    const bad = new Set(badPods().map((p) => p.metadata.name as string));
    expect(bad.size).toBe(1);
    for (const r of table) {
      if (bad.has(r.name)) expect(r).toMatchObject({ ready: "0/1", restarts: "0", status: expect.stringMatching(/^(ImagePullBackOff|ErrImagePull)$/) });
      else expect(r, r.name).toMatchObject({ ready: "1/1", status: "Running", restarts: "0" });
    }
    expect(table.filter((r) => /^(backend|postgres)-/.test(r.name))).toHaveLength(3);
    const name = [...bad][0]!;

    // Step 2. describe: Scheduled, Pulling, Failed (not found), Failed ErrImagePull, BackOff, Failed ImagePullBackOff.
    const describe = await k("describe", "pod", name, "-n", EXERCISE_NS);
    expect(describe).toMatch(new RegExp(`Normal\\s+Scheduled\\s+.*default-scheduler\\s+Successfully assigned ${EXERCISE_NS}/${name} to node-\\d`));
    expect(describe).toMatch(/Normal\s+Pulling\s+.*kubelet\s+Pulling image "ghcr\.io\/firedrill-game\/taskmaster-frontend:2\.0"/);
    expect(describe).toContain(`Failed to pull image "${BAD_IMAGE}": ${notFound(BAD_IMAGE)}`);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ErrImagePull/);
    expect(describe).toMatch(/Normal\s+BackOff\s+.*kubelet\s+Back-off pulling image "ghcr\.io\/firedrill-game\/taskmaster-frontend:2\.0"/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ImagePullBackOff/);
    expect(describe).toMatch(/State:\s+Waiting\n\s+Reason:\s+ImagePullBackOff/);

    // Step 3. The waiting state as JSON: reason ImagePullBackOff and a message naming the not-found reference.
    const waiting = JSON.parse(await k("get", "pod", name, "-n", EXERCISE_NS, "-o", "jsonpath={.status.containerStatuses[0].state.waiting}"));
    expect(waiting.reason).toBe("ImagePullBackOff");
    expect(waiting.message).toContain(notFound(BAD_IMAGE));

    // Step 4. The image the Deployment asks for.
    expect(await k("get", "deployment", "frontend", "-n", EXERCISE_NS, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe(BAD_IMAGE);

    // The fix: set the good tag back; the rollout finishes and every pod is 1/1 Running again.
    expect(await k("set", "image", "deployment/frontend", `frontend=${GOOD_IMAGE}`, "-n", EXERCISE_NS)).toContain("image updated");
    const status = await k("rollout", "status", "deployment/frontend", "-n", EXERCISE_NS, "--timeout=60s");
    expect(status.trim().split("\n").at(-1)).toBe('deployment "frontend" successfully rolled out');
    await until("the bad pod gone", () => badPods().length === 0 && allReady(EXERCISE_NS));
    for (const r of rows(await k("get", "pods", "-n", EXERCISE_NS))) expect(r).toMatchObject({ ready: "1/1", status: "Running" });
    expect(await k("get", "pod", "-l", "app=frontend", "-n", EXERCISE_NS, "-o", "jsonpath={.items[*].spec.containers[0].image}")).toBe(`${GOOD_IMAGE} ${GOOD_IMAGE}`);
    expect((await proxyGet(`/api/v1/namespaces/${EXERCISE_NS}/services/frontend/proxy/`)).status).toBe(200);
  });
});

describe("Lab 5: bad image tag, diagnosed by label, fixed by re-applying the manifests", () => {
  test("get pods -l and describe pod -l show the failure; apply -f restores the tag; rollout status succeeds", async () => {
    await k("set", "image", "deployment/frontend", `frontend=${LAB_BAD_IMAGE}`, "-n", LAB_NS);
    const badPods = () => pods(LAB_NS, "frontend").filter((p) => p.spec.containers[0].image === LAB_BAD_IMAGE);
    await until("the new frontend pod in ImagePullBackOff", () => badPods().length > 0 && badPods().every((p) => waitingReason(p) === "ImagePullBackOff"));
    const name = badPods()[0]!.metadata.name as string;

    const table = rows(await k("get", "pods", "-n", LAB_NS, "-l", "app=frontend"));
    expect(table.map((r) => r.name).every((n) => n.startsWith("frontend-"))).toBe(true);
    expect(table.find((r) => r.name === name)).toMatchObject({ ready: "0/1", status: "ImagePullBackOff", restarts: "0" });
    expect(table.filter((r) => r.name !== name).every((r) => r.status === "Running")).toBe(true);

    // describe -l prints every matching pod, each with its own Events section.
    const describe = await k("describe", "pod", "-n", LAB_NS, "-l", "app=frontend");
    expect(describe.match(/^Name:\s+frontend-/gm)).toHaveLength(table.length);
    expect(describe).toContain(`Failed to pull image "${LAB_BAD_IMAGE}": ${notFound(LAB_BAD_IMAGE)}`);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ErrImagePull/);
    expect(describe).toMatch(/Normal\s+BackOff\s+.*kubelet\s+Back-off pulling image "ghcr\.io\/firedrill-game\/taskmaster-frontend:nonexistent"/);
    expect(describe).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: ImagePullBackOff/);

    // GitOps-style fix: re-apply the manifests from the repo (they carry the good tag).
    expect(await k("apply", "-f", TASKMASTER_DIR, "-n", LAB_NS)).toContain("deployment.apps/frontend configured");
    const status = await k("rollout", "status", "deployment/frontend", "-n", LAB_NS, "--timeout=60s");
    expect(status).toContain('deployment "frontend" successfully rolled out');
    await until("the bad pod gone", () => badPods().length === 0 && allReady(LAB_NS));
    const after = rows(await k("get", "pods", "-n", LAB_NS, "-l", "app=frontend"));
    expect(after).toHaveLength(2);
    for (const r of after) expect(r).toMatchObject({ ready: "1/1", status: "Running", restarts: "0" });
  });
});

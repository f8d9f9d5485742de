/**
 * The seed exercise (ImagePullBackOff) as a team plays it: real kubectl with the team kubeconfig,
 * through the gateway, against the sim with running pods. Every command must work and show up as
 * an Activity with the right Kubectl-Command, resource and name.
 */
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectl, kubectlStream, type KubectlResult } from "../../helpers/kubectl.js";
import type { Activity } from "../../../server/src/gateway/index.js";
import { startGatewayHarness, type GatewayHarness } from "./harness.js";

const FRONTEND_10 = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
const FRONTEND_11 = "ghcr.io/firedrill-game/taskmaster-frontend:1.1";

let h: GatewayHarness;
let ns: string;
let kubeconfig: string;

async function play(args: string[], env?: Record<string, string>): Promise<{ r: KubectlResult; acts: Activity[] }> {
  const mark = h.activities.length;
  const r = await kubectl(args, { kubeconfig, env, timeoutMs: 60_000 });
  await h.gateway.recorder.drain();
  return { r, acts: h.activities.slice(mark).filter((a) => !a.isDiscovery) };
}

function expectActivity(acts: Activity[], want: Partial<Activity>): void {
  const match = acts.find((a) => Object.entries(want).every(([k, v]) => a[k as keyof Activity] === v));
  expect(match, `no Activity like ${JSON.stringify(want)} in\n${acts.map((a) => `${a.kubectlCommand} ${a.verb} ${a.resource}/${a.subresource} ${a.name} ${a.code}`).join("\n")}`).toBeDefined();
  expect(match!.teamId).toBe("team-orion");
  expect(match!.allowed).toBe(true);
  expect(match!.namespace).toBe(ns);
  expect(match!.kubectlSession).toMatch(/^[0-9a-f-]{36}$/);
}

async function podOf(app: string): Promise<string> {
  const r = await kubectl(["get", "pods", "-l", `app=${app}`, "--field-selector=status.phase=Running", "-o", "jsonpath={.items[0].metadata.name}"], { kubeconfig });
  expect(r.stdout).toMatch(new RegExp(`^${app}-`));
  return r.stdout;
}

beforeAll(async () => {
  h = await startGatewayHarness({ gameCode: "SEED", teams: ["orion"], waitForHealthy: true });
  ns = h.teams.orion!.namespace;
  kubeconfig = h.teams.orion!.kubeconfigPath;
});

afterAll(async () => {
  await h?.close();
});

describe("the seed exercise through the gateway", () => {
  it("kubectl get pods (the context's namespace is the team's)", async () => {
    const { r, acts } = await play(["get", "pods"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(r.stdout).toMatch(/frontend-\S+\s+1\/1\s+Running/);
    expectActivity(acts, { kubectlCommand: "kubectl get", verb: "list", resource: "pods", code: 200 });
  });

  it("kubectl describe pod", async () => {
    const pod = await podOf("frontend");
    const { r, acts } = await play(["describe", "pod", pod, "-n", ns]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Name:\\s+${pod}`));
    expect(r.stdout).toContain("Events:");
    expectActivity(acts, { kubectlCommand: "kubectl describe", verb: "get", resource: "pods", name: pod });
    expectActivity(acts, { kubectlCommand: "kubectl describe", verb: "list", resource: "events" });
  });

  it("kubectl get -o jsonpath (image and container state)", async () => {
    const { r, acts } = await play(["get", "deployment", "frontend", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(FRONTEND_10);
    expectActivity(acts, { kubectlCommand: "kubectl get", verb: "get", resource: "deployments", apiGroup: "apps", name: "frontend" });
  });

  it("kubectl logs and logs -f", async () => {
    const pod = await podOf("backend");
    const { r, acts } = await play(["logs", pod, "--tail=5"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expectActivity(acts, { kubectlCommand: "kubectl logs", verb: "get", resource: "pods", subresource: "log", name: pod });

    const mark = h.activities.length;
    const follow = await kubectlStream(["logs", "-f", pod, "--tail=1"], { kubeconfig });
    await follow.waitFor(/\n/, 20_000);
    // still streaming: a later probe line arrives through the open response
    const before = (await follow.waitFor(/\n/)).split("\n").length;
    await follow.waitFor(new RegExp(`(.*\\n){${before}}`), 30_000);
    await follow.stop();
    await h.gateway.recorder.drain();
    expectActivity(h.activities.slice(mark), { kubectlCommand: "kubectl logs", subresource: "log", name: pod, code: 200 });
  });

  it("kubectl exec", async () => {
    const pod = await podOf("backend");
    const { r, acts } = await play(["exec", pod, "--", "printenv", "DB_HOST"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("postgres");
    expectActivity(acts, { kubectlCommand: "kubectl exec", verb: "connect", resource: "pods", subresource: "exec", name: pod, code: 101 });
  });

  it("kubectl get events", async () => {
    const { r, acts } = await play(["get", "events"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expectActivity(acts, { kubectlCommand: "kubectl get", verb: "list", resource: "events" });
  });

  it("kubectl set image, then rollout status", async () => {
    const set = await play(["set", "image", "deployment/frontend", `frontend=${FRONTEND_11}`]);
    expect(set.r.code, set.r.stderr).toBe(0);
    expect(set.r.stdout).toContain("deployment.apps/frontend image updated");
    expectActivity(set.acts, { kubectlCommand: "kubectl set image", verb: "patch", resource: "deployments", name: "frontend", code: 200 });

    const status = await play(["rollout", "status", "deployment/frontend", "--timeout=90s"]);
    expect(status.r.code, status.r.stderr).toBe(0);
    expect(status.r.stdout).toContain('deployment "frontend" successfully rolled out');
    expectActivity(status.acts, { kubectlCommand: "kubectl rollout status", verb: "watch", resource: "deployments", name: "frontend" });
  });

  it("kubectl patch --type=json", async () => {
    const { r, acts } = await play([
      "patch", "deployment", "frontend", "--type=json",
      "-p", JSON.stringify([{ op: "replace", path: "/spec/template/spec/containers/0/image", value: FRONTEND_10 }]),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("deployment.apps/frontend patched");
    expectActivity(acts, { kubectlCommand: "kubectl patch", verb: "patch", resource: "deployments", name: "frontend" });
  });

  it("kubectl edit (non-interactive editor)", async () => {
    const editor = join(h.dir, "editor.sh");
    await writeFile(editor, `#!/bin/sh\nsed -i 's#taskmaster-frontend:1.0#taskmaster-frontend:1.1#' "$1"\n`);
    await chmod(editor, 0o755);
    const { r, acts } = await play(["edit", "deployment", "frontend"], { KUBE_EDITOR: editor });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("deployment.apps/frontend edited");
    expectActivity(acts, { kubectlCommand: "kubectl edit", verb: "patch", resource: "deployments", name: "frontend" });
    const image = await kubectl(["get", "deployment", "frontend", "-o", "jsonpath={.spec.template.spec.containers[0].image}"], { kubeconfig });
    expect(image.stdout).toBe(FRONTEND_11);
  });

  it("kubectl get pods -w streams changes through the gateway", async () => {
    const watch = await kubectlStream(["get", "pods", "-w"], { kubeconfig });
    await watch.waitFor(/frontend-\S+\s+1\/1\s+Running/, 20_000);
    const mark = h.activities.length;
    const pod = await podOf("backend");
    const del = await kubectl(["delete", "pod", pod, "--wait=false"], { kubeconfig });
    expect(del.code, del.stderr).toBe(0);
    // the watch prints the deleted pod's new state while the stream stays open
    await watch.waitFor(new RegExp(`${pod}\\s+\\S+\\s+Terminating`), 30_000);
    await watch.stop();
    await h.gateway.recorder.drain();
    expect(h.activities.slice(mark).some((a) => a.kubectlCommand === "kubectl delete" && a.verb === "delete" && a.name === pod)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import type { Symptom } from "../../../../server/src/scenarios/index.js";
import type { NamespaceSnapshot } from "../../../../server/src/engine/recovery.js";
import type { KubectlRunner } from "../../../../server/src/tools/scenarios-check/kubectl-runner.js";
import { observeSymptom } from "../../../../server/src/tools/scenarios-check/symptoms/registry.js";
import type { SymptomContext } from "../../../../server/src/tools/scenarios-check/symptoms/types.js";

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

function pod(name: string, waiting: string | null, ready: boolean) {
  return {
    metadata: { name, labels: { app: "backend" } },
    spec: { containers: [{ name: "backend" }] },
    status: {
      phase: waiting ? "Pending" : "Running",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: [{ name: "backend", ready, restartCount: 0, state: waiting ? { waiting: { reason: waiting } } : { running: {} } }],
    },
  };
}

const snapshot: NamespaceSnapshot = {
  pods: { a: pod("backend-a", "CrashLoopBackOff", false), b: pod("backend-b", null, true) },
  events: {
    old: { reason: "Unhealthy", message: "Readiness probe failed: 503", involvedObject: { kind: "Pod", name: "backend-a" }, lastTimestamp: iso(T0 - 60_000) },
    new: { reason: "BackOff", message: "Back-off restarting failed container backend", involvedObject: { kind: "Pod", name: "backend-a" }, lastTimestamp: iso(T0 + 5_000) },
  },
  endpoints: { backend: { metadata: { name: "backend" }, subsets: [{ notReadyAddresses: [{ ip: "10.0.0.1" }] }] }, postgres: { subsets: [{ addresses: [{ ip: "10.0.0.9" }] }] } },
  services: { backend: { metadata: { name: "backend" }, spec: { ports: [{ port: 8080 }] } } },
  deployments: { backend: { metadata: { name: "backend" }, status: { conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] } } },
  persistentvolumeclaims: { "postgres-data": { status: { phase: "Pending" } } },
};

function ctx(kubectlStdout = "", proxy: Record<string, number> = {}): SymptomContext & { calls: string[][] } {
  const calls: string[][] = [];
  const kubectl: KubectlRunner = {
    run: async (args) => {
      calls.push([...args]);
      return { args: [...args], stdout: kubectlStdout, stderr: "", code: 0 };
    },
  };
  return {
    namespace: "ns",
    snapshot,
    now: T0 + 10_000,
    since: T0,
    kubectl,
    calls,
    proxyStatus: async (service, port, path) => proxy[`${service}:${port}${path}`],
  };
}

describe("symptom checks", () => {
  it.each<[string, Symptom, boolean, string]>([
    ["event after the break", { event: { reason: "BackOff", messageContains: "Back-off restarting", involvedKind: "Pod", involvedName: "backend-*" } }, true, "Pod/backend-a BackOff"],
    ["event from before the break does not count", { event: { reason: "Unhealthy" } }, false, "no Unhealthy event since the break; reasons since then: BackOff"],
    ["event of another kind", { event: { reason: "BackOff", involvedKind: "ReplicaSet" } }, false, "events with reason BackOff: Pod/backend-a BackOff"],
    ["endpoints empty (only not-ready addresses)", { endpoints: { service: "backend", empty: true } }, true, "endpoints/backend: <none> ready"],
    ["endpoints not empty", { endpoints: { service: "postgres", empty: false } }, true, "endpoints/postgres: 10.0.0.9"],
    ["endpoints object missing", { endpoints: { service: "ghost", empty: false } }, false, "no Endpoints object ghost"],
    ["deployment condition", { deploymentCondition: { name: "backend", type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" } }, true, "backend: Progressing=False/ProgressDeadlineExceeded"],
    ["deployment condition mismatch", { deploymentCondition: { name: "backend", type: "Progressing", status: "True" } }, false, "deployment backend conditions: Progressing=False/ProgressDeadlineExceeded"],
    ["pvc phase", { pvcPhase: { name: "postgres-data", phase: "Pending" } }, true, "pvc postgres-data Pending"],
    ["pvc phase mismatch", { pvcPhase: { name: "postgres-data", phase: "Bound" } }, false, "pvc postgres-data is Pending"],
  ])("%s", async (_, symptom, ok, saw) => {
    const o = await observeSymptom(symptom, ctx());
    expect(o.ok).toBe(ok);
    expect(o.saw).toContain(saw);
  });

  it("podStatus: seen on the snapshot, then confirmed by real kubectl output", async () => {
    const c = ctx("backend-a   0/1   CrashLoopBackOff   3 (5s ago)   1m\nbackend-b   1/1   Running   0   1m\n");
    const o = await observeSymptom({ podStatus: { selector: "app=backend", anyOf: ["CrashLoopBackOff", "Error"], ready: false } }, c);
    expect(o).toEqual({ ok: true, saw: "kubectl: backend-a   0/1   CrashLoopBackOff   3 (5s ago)   1m" });
    expect(c.calls).toEqual([["-n", "ns", "get", "pods", "-l", "app=backend", "--no-headers"]]);
  });

  it("podStatus: not seen when kubectl disagrees with the snapshot", async () => {
    const o = await observeSymptom({ podStatus: { selector: "app=backend", reason: "CrashLoopBackOff" } }, ctx("backend-a   1/1   Running   0   1m\n"));
    expect(o.ok).toBe(false);
    expect(o.saw).toContain("but kubectl get pods printed: backend-a   1/1   Running");
  });

  it("podStatus: readiness must match; no kubectl call when the snapshot already says no", async () => {
    const c = ctx();
    const o = await observeSymptom({ podStatus: { selector: "app=backend", reason: "Running", ready: false } }, c);
    expect(o).toEqual({ ok: false, saw: "backend-a CrashLoopBackOff not-ready, backend-b Running ready" });
    expect(c.calls).toEqual([]);
  });

  it("proxy: the Service's first port when none is given", async () => {
    const ok = await observeSymptom({ proxy: { service: "backend", path: "/healthz", status: "2xx" } }, ctx("", { "backend:8080/healthz": 200 }));
    expect(ok).toEqual({ ok: true, saw: "GET services/backend:8080/proxy/healthz → 200" });
    const no = await observeSymptom({ proxy: { service: "backend", path: "/healthz", status: 503 } }, ctx("", {}));
    expect(no).toEqual({ ok: false, saw: "GET services/backend:8080/proxy/healthz → no answer" });
  });

  it("kubectl: every text must be printed", async () => {
    const c = ctx("Name: taskmaster\n  web:80 (<error: services \"web\" not found>)\n");
    expect((await observeSymptom({ kubectl: { args: ["describe", "ingress", "taskmaster"], stdoutContains: ["web:80", "not found"] } }, c)).ok).toBe(true);
    expect(c.calls[0]).toEqual(["-n", "ns", "describe", "ingress", "taskmaster"]);
    const miss = await observeSymptom({ kubectl: { args: ["get", "x"], stdoutContains: ["web:80", "nope"] } }, c);
    expect(miss.ok).toBe(false);
    expect(miss.saw).toMatch(/^missing "nope" in kubectl -n ns get x → exit 0/);
  });
});

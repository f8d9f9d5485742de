/**
 * Pod lifecycle on the simulated kubelet with the real store, admission, controllers and scheduler,
 * on a FakeClock with a fixed seed: what `kubectl get/describe pod` would show at each step.
 */
import { afterEach, describe, expect, test } from "vitest";
import { createPod, gvrOf, reasons, startCluster, waiting, type Cluster, type Json } from "../../../helpers/kubelet-cluster.js";

let cluster: Cluster;
afterEach(() => cluster?.stop());

/** Seconds (from now) at which the first container's waiting reason became `reason`, sampled every 250 ms. */
async function reasonTimeline(c: Cluster, pod: string, seconds: number): Promise<{ t: number; reason: string }[]> {
  const out: { t: number; reason: string }[] = [];
  let last = "";
  for (let i = 1; i <= seconds * 4; i++) {
    await c.advance(250);
    const st = c.pod(pod)?.status?.containerStatuses?.[0]?.state ?? {};
    const reason = st.waiting?.reason ?? (st.running ? "Running" : st.terminated?.reason ?? "");
    if (reason !== last) out.push({ t: i / 4, reason });
    last = reason;
  }
  return out;
}

describe("happy path: TaskMaster comes up", () => {
  test("pods start as ContainerCreating, then run Ready with kubelet's events and status", async () => {
    cluster = startCluster();
    cluster.applyTaskmaster();
    await cluster.advance(200);
    const early = cluster.pods(undefined, "frontend")[0];
    expect(early.status.phase).toBe("Pending");
    expect(waiting(early)).toEqual({ reason: "ContainerCreating" });

    await cluster.advance(60_000);
    const pods = cluster.pods();
    expect(pods).toHaveLength(5);
    for (const p of pods) {
      expect(p.status.phase, p.metadata.name).toBe("Running");
      expect(p.status.containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0, lastState: {} });
      expect(p.status.containerStatuses[0].state.running.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(p.status.containerStatuses[0].imageID).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(p.status.containerStatuses[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(p.status.hostIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(p.status.qosClass).toBe("Burstable");
      expect(p.status.conditions.map((c: Json) => `${c.type}=${c.status}`)).toEqual([
        "PodReadyToStartContainers=True",
        "Initialized=True",
        "Ready=True",
        "ContainersReady=True",
        "PodScheduled=True",
      ]);
    }
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(5);

    const fe = cluster.pods(undefined, "frontend")[0];
    const ev = reasons(cluster, fe.metadata.name);
    expect(ev[0]).toMatch(/^Scheduled: Successfully assigned team-a\/frontend-\S+ to node-\d$/);
    expect(ev[1]).toBe('Pulling: Pulling image "ghcr.io/firedrill-game/taskmaster-frontend:1.0"');
    expect(ev[2]).toMatch(/^Pulled: Successfully pulled image "ghcr\.io\/firedrill-game\/taskmaster-frontend:1\.0" in (\d+ms|[\d.]+s) \(\1 including waiting\)\. Image size: 20412388 bytes\.$/);
    expect(ev.slice(3, 5)).toEqual(["Created: Created container: frontend", "Started: Started container frontend"]);
    const started = cluster.events(fe.metadata.name).find((e: Json) => e.reason === "Started");
    expect(started.involvedObject.fieldPath).toBe("spec.containers{frontend}");
    expect(started.source).toEqual({ component: "kubelet", host: fe.spec.nodeName });
  });
});

describe("image pulls", () => {
  test("a missing tag: ErrImagePull, then ImagePullBackOff with the real back-off (10s doubling to 300s)", async () => {
    cluster = startCluster();
    createPod(cluster, "bad", { containers: [{ name: "frontend", image: "nginx:1.27-typo" }] });
    const timeline = await reasonTimeline(cluster, "bad", 940);
    const pulls = timeline.filter((x) => x.reason === "ErrImagePull").map((x) => x.t);
    const gaps = pulls.slice(1).map((t, i) => Math.round(t - pulls[i]!));
    // each retry waits the back-off plus the short pull attempt and the next pod sync
    expect(gaps.map((g) => Math.round(g / 10) * 10)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    expect(timeline.filter((x) => x.reason === "ImagePullBackOff")).toHaveLength(pulls.length);

    const pod = cluster.pod("bad");
    expect(pod.status.phase).toBe("Pending");
    expect(pod.status.containerStatuses[0]).toMatchObject({ ready: false, restartCount: 0, started: false });
    const notFound =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27-typo": failed to resolve reference "docker.io/library/nginx:1.27-typo": docker.io/library/nginx:1.27-typo: not found';
    expect(waiting(pod)).toEqual({ reason: "ImagePullBackOff", message: `Back-off pulling image "nginx:1.27-typo": ErrImagePull: ${notFound}` });

    const ev = cluster.events("bad");
    const by = (reason: string, message: string) => ev.find((e: Json) => e.reason === reason && e.message === message);
    expect(by("Pulling", 'Pulling image "nginx:1.27-typo"')).toMatchObject({ type: "Normal", count: pulls.length });
    expect(by("Failed", `Failed to pull image "nginx:1.27-typo": ${notFound}`)).toMatchObject({ type: "Warning", count: pulls.length });
    expect(by("Failed", "Error: ErrImagePull")).toMatchObject({ type: "Warning" });
    expect(by("BackOff", 'Back-off pulling image "nginx:1.27-typo"')).toMatchObject({ type: "Normal" });
    expect(by("Failed", "Error: ImagePullBackOff")).toMatchObject({ type: "Warning" });
    expect(ev.map((e: Json) => e.reason).slice(0, 6)).toEqual(["Scheduled", "Pulling", "Failed", "Failed", "BackOff", "Failed"]);
  });

  test("ErrImagePull shows the pull error in state.waiting until the next sync", async () => {
    cluster = startCluster();
    createPod(cluster, "bad", { containers: [{ name: "web", image: "ghcr.io/firedrill-game/taskmaster-frontend:2.0" }] });
    const timeline = await reasonTimeline(cluster, "bad", 5);
    expect(timeline.map((x) => x.reason)).toEqual(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]);
    await cluster.advance(9_000);
    await cluster.advance(1_500);
    // the retry after 10 s fails again
    expect(reasons(cluster, "bad").filter((r) => r.startsWith("Pulling:"))).toHaveLength(1);
    expect(cluster.events("bad").find((e: Json) => e.reason === "Pulling").count).toBe(2);
  });

  test("fixing the image of a bare pod restarts the container with the new image", async () => {
    cluster = startCluster();
    createPod(cluster, "bad", { containers: [{ name: "web", image: "nginx:1.27-typo" }] });
    await cluster.advance(30_000);
    const pod = cluster.pod("bad");
    cluster.store.update(gvrOf("Pod"), { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], image: "nginx:1.27" }] } });
    await cluster.advance(10_000);
    const fixed = cluster.pod("bad");
    expect(fixed.status.phase).toBe("Running");
    expect(fixed.status.containerStatuses[0]).toMatchObject({ ready: true, image: "nginx:1.27" });
  });

  test("a private image needs an imagePullSecret that exists", async () => {
    cluster = startCluster();
    const image = "ghcr.io/firedrill-game/taskmaster-reports:1.0";
    createPod(cluster, "nosecret", { containers: [{ name: "reports", image }] });
    createPod(cluster, "missing", { imagePullSecrets: [{ name: "ghcr" }], containers: [{ name: "reports", image }] });
    await cluster.advance(5_000);
    expect(waiting(cluster.pod("nosecret")).message).toMatch(/pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed$/);
    expect(reasons(cluster, "missing")).toContain("FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (ghcr); attempting to pull the image may not succeed.");
    cluster.apply({ apiVersion: "v1", kind: "Secret", metadata: { name: "ghcr" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from("{}").toString("base64") } });
    await cluster.advance(30_000);
    expect(cluster.pod("missing").status.containerStatuses[0].ready).toBe(true);
  });

  test("an unparseable image is InvalidImageName", async () => {
    cluster = startCluster();
    createPod(cluster, "caps", { containers: [{ name: "web", image: "Nginx:1.27" }] });
    await cluster.advance(3_000);
    expect(waiting(cluster.pod("caps"))).toEqual({ reason: "InvalidImageName", message: 'Failed to apply default image tag "Nginx:1.27": couldn\'t parse image name "Nginx:1.27": invalid reference format' });
    expect(reasons(cluster, "caps")).toContain("Failed: Error: InvalidImageName");
  });

  test("IfNotPresent reuses the node's image; :latest pulls every time", async () => {
    cluster = startCluster();
    const node = (name: string) => ({ nodeSelector: { "kubernetes.io/hostname": "node-1" }, containers: [{ name: "c", image: name, command: ["sleep", "3600"] }] });
    createPod(cluster, "a", node("busybox:1.36"));
    createPod(cluster, "b", node("busybox"));
    await cluster.advance(5_000);
    createPod(cluster, "c", node("busybox:1.36"));
    createPod(cluster, "d", node("busybox"));
    await cluster.advance(5_000);
    expect(reasons(cluster, "c")).toContain('Pulled: Container image "busybox:1.36" already present on machine');
    expect(reasons(cluster, "d").some((r) => r.startsWith('Pulled: Successfully pulled image "busybox"'))).toBe(true);
  });
});

describe("container config", () => {
  const busybox = (extra: Json) => ({ containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"], ...extra }] });
  test.each([
    ["envFrom a missing ConfigMap", { envFrom: [{ configMapRef: { name: "backend-config" } }] }, 'configmap "backend-config" not found'],
    ["a missing ConfigMap key", { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "present", key: "DB_HOST" } } }] }, "couldn't find key DB_HOST in ConfigMap team-a/present"],
    ["a missing Secret", { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "postgres-credentials", key: "POSTGRES_PASSWORD" } } }] }, 'secret "postgres-credentials" not found'],
    ["a missing Secret key", { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "present", key: "PASSWORD" } } }] }, "couldn't find key PASSWORD in Secret team-a/present"],
    ["envFrom a missing Secret", { envFrom: [{ secretRef: { name: "creds" } }] }, 'secret "creds" not found'],
  ])("%s → CreateContainerConfigError", async (_name, extra, message) => {
    cluster = startCluster();
    cluster.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    cluster.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "present" }, data: { OTHER: "1" } });
    cluster.apply({ apiVersion: "v1", kind: "Secret", metadata: { name: "present" }, data: { OTHER: "MQ==" } });
    createPod(cluster, "p", busybox(extra));
    await cluster.advance(5_000);
    const pod = cluster.pod("p");
    expect(pod.status.phase).toBe("Pending");
    expect(waiting(pod)).toEqual({ reason: "CreateContainerConfigError", message });
    expect(cluster.events("p").find((e: Json) => e.reason === "Failed")).toMatchObject({ type: "Warning", message: `Error: ${message}` });
  });

  test("optional references are skipped and the container starts once the ConfigMap exists", async () => {
    cluster = startCluster();
    createPod(cluster, "p", busybox({ envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "opt", optional: true } }] }));
    await cluster.advance(5_000);
    expect(waiting(cluster.pod("p")).reason).toBe("CreateContainerConfigError");
    cluster.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { A: "1" } });
    await cluster.advance(11_000);
    expect(cluster.pod("p").status.containerStatuses[0].state.running).toBeDefined();
    expect(cluster.events("p").find((e: Json) => e.message === 'Error: configmap "cfg" not found').count).toBeGreaterThanOrEqual(1);
  });

  test("a missing volume source: FailedMount and the pod stays ContainerCreating", async () => {
    cluster = startCluster();
    createPod(cluster, "m", {
      containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"], volumeMounts: [{ name: "config", mountPath: "/etc/app" }] }],
      volumes: [{ name: "config", configMap: { name: "app-config" } }],
    });
    await cluster.advance(60_000);
    const pod = cluster.pod("m");
    expect(pod.status.phase).toBe("Pending");
    expect(waiting(pod)).toEqual({ reason: "ContainerCreating" });
    expect(pod.status.podIP).toBeUndefined();
    expect(pod.status.conditions.find((c: Json) => c.type === "PodReadyToStartContainers").status).toBe("False");
    const failed = cluster.events("m").find((e: Json) => e.reason === "FailedMount");
    expect(failed).toMatchObject({ type: "Warning", message: 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found' });
    expect(failed.count).toBeGreaterThan(3);
    cluster.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { "app.conf": "debug=true\n" } });
    await cluster.advance(130_000);
    expect(cluster.pod("m").status.containerStatuses[0].state.running).toBeDefined();
  });

  test.each([
    ["secret", { secret: { secretName: "tls" } }, 'secret "tls" not found'],
    ["persistentVolumeClaim", { persistentVolumeClaim: { claimName: "gone" } }, 'persistentvolumeclaim "gone" not found'],
  ])("FailedMount for a missing %s", async (_kind, source, message) => {
    cluster = startCluster();
    createPod(cluster, "m", { containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }], volumes: [{ name: "v", ...source }] });
    await cluster.advance(10_000);
    const msgs = cluster.events("m").filter((e: Json) => e.reason === "FailedMount").map((e: Json) => e.message);
    if (msgs.length === 0) {
      // an unbound/missing claim may be held back by the scheduler instead (FailedScheduling)
      expect(reasons(cluster, "m").some((r) => r.startsWith("FailedScheduling:"))).toBe(true);
      return;
    }
    expect(msgs).toContain(`MountVolume.SetUp failed for volume "v" : ${message}`);
  });
});

describe("crashes", () => {
  test("a missing env var: Error exit 1, CrashLoopBackOff with 10s doubling back-off and --previous logs", async () => {
    cluster = startCluster();
    createPod(cluster, "crash", { containers: [{ name: "backend", image: "ghcr.io/firedrill-game/taskmaster-backend:1.0", env: [{ name: "DB_PORT", value: "5432" }] }] });
    const restarts: number[] = [];
    const seen = new Set<string>();
    for (let i = 1; i <= 200 * 4; i++) {
      await cluster.advance(250);
      const cs = cluster.pod("crash").status.containerStatuses[0];
      if (cs.restartCount > restarts.length) restarts.push(i / 4);
      seen.add(cs.state.waiting?.reason ?? (cs.state.running ? "Running" : cs.state.terminated?.reason));
    }
    const gaps = restarts.slice(1).map((t, i) => Math.round(t - restarts[i]!));
    // the first restart is immediate; then 10 s doubling (each run lasts well under a second)
    expect(gaps.map((g) => Math.round(g / 10) * 10)).toEqual([10, 20, 40, 80]);
    expect([...seen]).toEqual(expect.arrayContaining(["ContainerCreating", "Error", "CrashLoopBackOff"]));

    const pod = cluster.pod("crash");
    const cs = pod.status.containerStatuses[0];
    expect(pod.status.phase).toBe("Running");
    expect(cs.restartCount).toBe(5);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(cs.state.waiting.reason).toBe("CrashLoopBackOff");
    expect(cs.state.waiting.message).toBe(`back-off 2m40s restarting failed container=backend pod=crash_team-a(${pod.metadata.uid})`);
    const backoff = cluster.events("crash").find((e: Json) => e.reason === "BackOff");
    expect(backoff).toMatchObject({ type: "Warning", message: `Back-off restarting failed container backend in pod crash_team-a(${pod.metadata.uid})` });

    const previous = cluster.runtime.readLogs({ namespace: "team-a", pod: "crash", container: "backend", previous: true });
    expect((previous as Json[]).map((l) => l.text.replace(/^\S+ /, ""))).toEqual(["FATAL required environment variable DB_HOST is not set", "FATAL exiting with code 1"]);
    // while backing off, plain logs show the last terminated run too (as kubelet serves them)
    expect((cluster.runtime.readLogs({ namespace: "team-a", pod: "crash", container: "backend" }) as Json[]).length).toBe(2);
  });

  test("the app's binary with a wrong argument fails as the real one does", async () => {
    cluster = startCluster();
    createPod(cluster, "p", { containers: [{ name: "backend", image: "ghcr.io/firedrill-game/taskmaster-backend:1.0", command: ["node", "srv.js"] }] });
    await cluster.advance(8_000);
    const cs = cluster.pod("p").status.containerStatuses[0];
    expect(cs.lastState.terminated ?? cs.state.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    const logs = (cluster.runtime.readLogs({ namespace: "team-a", pod: "p", container: "backend", previous: cs.restartCount > 0 }) as Json[]).map((l) => l.text);
    expect(logs).toContain("Error: Cannot find module '/app/srv.js'");
  });

  test("a command that is not in the image: StartError exit 128", async () => {
    cluster = startCluster();
    createPod(cluster, "p", { containers: [{ name: "app", image: "busybox:1.36", command: ["/app/run"] }] });
    await cluster.advance(15_000);
    const cs = cluster.pod("p").status.containerStatuses[0];
    const msg = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/run": executable file not found in $PATH: unknown';
    const term = cs.lastState.terminated ?? cs.state.terminated;
    expect(term).toMatchObject({ exitCode: 128, reason: "StartError", message: msg });
    expect(reasons(cluster, "p")).toContain(`Failed: Error: ${msg}`);
  });

  test("OOMKilled: memory use above the limit → exit 137, then CrashLoopBackOff", async () => {
    cluster = startCluster();
    createPod(cluster, "db", { containers: [{ name: "postgres", image: "postgres:16.4", env: [{ name: "POSTGRES_PASSWORD", value: "pw" }], resources: { limits: { memory: "32Mi" } } }] });
    await cluster.advance(40_000);
    const cs = cluster.pod("db").status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.state.waiting?.reason ?? "Running").toMatch(/CrashLoopBackOff|Running/);
  });

  test("busybox's default sh exits at once: Completed, then CrashLoopBackOff; restartPolicy Never → Succeeded/Failed", async () => {
    cluster = startCluster();
    createPod(cluster, "loop", { containers: [{ name: "bb", image: "busybox:1.36" }] });
    createPod(cluster, "once", { restartPolicy: "Never", containers: [{ name: "bb", image: "busybox:1.36", command: ["sh", "-c", "echo hello from $HOSTNAME"] }] });
    createPod(cluster, "fails", { restartPolicy: "Never", containers: [{ name: "bb", image: "busybox:1.36", command: ["sh", "-c", "echo oops >&2; exit 3"] }] });
    await cluster.advance(30_000);
    const loop = cluster.pod("loop").status.containerStatuses[0];
    expect(loop.lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cluster.pod("once").status.phase).toBe("Succeeded");
    expect((cluster.runtime.readLogs({ namespace: "team-a", pod: "once", container: "bb" }) as Json[]).map((l) => l.text)).toEqual(["hello from once"]);
    expect(cluster.pod("fails").status.phase).toBe("Failed");
    expect(cluster.pod("fails").status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
  });
});

describe("init containers", () => {
  test("an init container waiting for postgres holds the pod in Init until the Service answers", async () => {
    cluster = startCluster();
    cluster.applyTaskmaster(undefined, ["config.yaml"]);
    createPod(cluster, "app", {
      initContainers: [{ name: "wait-for-db", image: "busybox:1.36", command: ["sh", "-c", "until nc -z postgres 5432; do echo waiting for postgres; sleep 2; done; echo postgres is up"] }],
      containers: [{ name: "app", image: "nginx:1.27" }],
    });
    await cluster.advance(20_000);
    let pod = cluster.pod("app");
    expect(pod.status.phase).toBe("Pending");
    expect(pod.status.initContainerStatuses[0].state.running).toBeDefined();
    expect(waiting(pod)).toEqual({ reason: "PodInitializing" });
    expect(pod.status.conditions.find((c: Json) => c.type === "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [wait-for-db]" });
    const logs = (cluster.runtime.readLogs({ namespace: "team-a", pod: "app", container: "wait-for-db" }) as Json[]).map((l) => l.text);
    expect(logs.filter((l) => l === "waiting for postgres").length).toBeGreaterThan(5);
    expect(cluster.events("app").find((e: Json) => e.reason === "Started").involvedObject.fieldPath).toBe("spec.initContainers{wait-for-db}");

    cluster.applyTaskmaster(undefined, ["postgres.yaml"]);
    await cluster.advance(30_000);
    pod = cluster.pod("app");
    expect(pod.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.containerStatuses[0].ready).toBe(true);
    expect((cluster.runtime.readLogs({ namespace: "team-a", pod: "app", container: "wait-for-db" }) as Json[]).at(-1).text).toBe("postgres is up");
  });

  test("a failing init container is retried with back-off (Init:CrashLoopBackOff); with restartPolicy Never the pod fails", async () => {
    cluster = startCluster();
    const spec = (policy?: string) => ({
      ...(policy ? { restartPolicy: policy } : {}),
      initContainers: [{ name: "migrate", image: "busybox:1.36", command: ["sh", "-c", "echo migration failed; exit 2"] }],
      containers: [{ name: "app", image: "nginx:1.27" }],
    });
    createPod(cluster, "retry", spec());
    createPod(cluster, "never", spec("Never"));
    await cluster.advance(30_000);
    const retry = cluster.pod("retry");
    expect(retry.status.phase).toBe("Pending");
    expect(retry.status.initContainerStatuses[0].state.waiting?.reason ?? "running").toMatch(/CrashLoopBackOff|running/);
    expect(retry.status.initContainerStatuses[0].restartCount).toBeGreaterThanOrEqual(2);
    expect(retry.status.initContainerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 2, reason: "Error" });
    expect(cluster.pod("never").status.phase).toBe("Failed");
  });
});

describe("probes", () => {
  test("readiness fails while postgres is unreachable (aggregated Unhealthy), then passes", async () => {
    cluster = startCluster();
    cluster.applyTaskmaster(undefined, ["config.yaml", "rbac.yaml", "backend.yaml"]);
    await cluster.advance(60_000);
    const be = cluster.pods(undefined, "backend")[0];
    const ready = be.status.conditions.find((c: Json) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [backend]" });
    expect(be.status.phase).toBe("Running");
    const unhealthy = cluster.events(be.metadata.name).find((e: Json) => e.reason === "Unhealthy");
    expect(unhealthy).toMatchObject({ type: "Warning", message: "Readiness probe failed: HTTP probe failed with statuscode: 503" });
    expect(unhealthy.count).toBeGreaterThan(5);
    const logs = (cluster.runtime.readLogs({ namespace: "team-a", pod: be.metadata.name, container: "backend" }) as Json[]).map((l) => l.text);
    expect(logs.some((l) => /ERROR database postgres:5432 unreachable: getaddrinfo ENOTFOUND postgres \(retrying in 5s\)$/.test(l))).toBe(true);

    cluster.applyTaskmaster(undefined, ["postgres.yaml"]);
    await cluster.advance(40_000);
    for (const p of cluster.pods(undefined, "backend")) expect(p.status.containerStatuses[0].ready).toBe(true);
  });

  test("liveness on a port nothing listens on: Unhealthy x3, Killing, restart", async () => {
    cluster = startCluster();
    createPod(cluster, "web", { containers: [{ name: "web", image: "nginx:1.27", livenessProbe: { httpGet: { path: "/", port: 8081 }, periodSeconds: 5, failureThreshold: 3 } }] });
    for (let i = 0; i < 120 && (cluster.pod("web").status?.containerStatuses?.[0]?.restartCount ?? 0) === 0; i++) await cluster.advance(250);
    const pod = cluster.pod("web");
    const ip = pod.status.podIP;
    const ev = cluster.events("web");
    const unhealthy = ev.find((e: Json) => e.reason === "Unhealthy");
    expect(unhealthy.message).toBe(`Liveness probe failed: Get "http://${ip}:8081/": dial tcp ${ip}:8081: connect: connection refused`);
    expect(unhealthy.count).toBe(3);
    expect(ev.find((e: Json) => e.reason === "Killing")).toMatchObject({ type: "Normal", message: "Container web failed liveness probe, will be restarted" });
    const cs = pod.status.containerStatuses[0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  test("tcp and exec probes; a failing startup probe holds the others and restarts the container", async () => {
    cluster = startCluster();
    createPod(cluster, "tcp", { containers: [{ name: "db", image: "postgres:16.4", env: [{ name: "POSTGRES_PASSWORD", value: "x" }], readinessProbe: { tcpSocket: { port: 5433 }, periodSeconds: 5 } }] });
    createPod(cluster, "exec", { containers: [{ name: "db", image: "postgres:16.4", env: [{ name: "POSTGRES_PASSWORD", value: "x" }], readinessProbe: { exec: { command: ["pg_isready"] }, periodSeconds: 2 } }] });
    createPod(cluster, "startup", {
      containers: [{ name: "web", image: "nginx:1.27", startupProbe: { httpGet: { path: "/", port: 9000 }, periodSeconds: 2, failureThreshold: 3 }, readinessProbe: { httpGet: { path: "/", port: 80 } } }],
    });
    await cluster.advance(25_000);
    const tcpIp = cluster.pod("tcp").status.podIP;
    expect(reasons(cluster, "tcp")).toContain(`Unhealthy: Readiness probe failed: dial tcp ${tcpIp}:5433: connect: connection refused`);
    expect(cluster.pod("exec").status.containerStatuses[0].ready).toBe(true);
    expect(reasons(cluster, "exec")).toContain("Unhealthy: Readiness probe failed: /var/run/postgresql:5432 - no response");
    const st = reasons(cluster, "startup");
    expect(st.some((r) => r.startsWith("Unhealthy: Startup probe failed:"))).toBe(true);
    expect(st.some((r) => r.startsWith("Unhealthy: Readiness probe"))).toBe(false);
    expect(st).toContain("Killing: Container web failed startup probe, will be restarted");
  });
});

describe("deletion and determinism", () => {
  test("graceful deletion: Killing 'Stopping container', then the pod is removed", async () => {
    cluster = startCluster();
    createPod(cluster, "web", { containers: [{ name: "frontend", image: "nginx:1.27" }] });
    await cluster.advance(10_000);
    const uid = cluster.pod("web").metadata.uid;
    cluster.store.delete(gvrOf("Pod"), "team-a", "web");
    expect(cluster.pod("web").metadata.deletionTimestamp).toBeDefined();
    await cluster.advance(2_000);
    expect(cluster.pod("web")).toBeUndefined();
    const killing = cluster.store.list(gvrOf("Event"), { namespace: "team-a" }).items.find((e: Json) => e.reason === "Killing" && e.involvedObject.uid === uid);
    expect(killing).toMatchObject({ message: "Stopping container frontend" });
  });

  test("the same seed gives the same timeline", async () => {
    const run = async () => {
      const c = startCluster(7);
      createPod(c, "a", { containers: [{ name: "web", image: "nginx:1.27-typo" }] });
      createPod(c, "b", { containers: [{ name: "backend", image: "ghcr.io/firedrill-game/taskmaster-backend:1.1" }] });
      const t = [...(await reasonTimeline(c, "a", 60)), ...(await reasonTimeline(c, "b", 60))];
      const statuses = ["a", "b"].map((n) => JSON.stringify(c.pod(n).status).replace(/[0-9a-f-]{36}/g, "UID"));
      c.stop();
      return { t, statuses };
    };
    const first = await run();
    expect(await run()).toEqual(first);
  });
});

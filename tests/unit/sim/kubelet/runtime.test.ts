/**
 * PodRuntime (logs, exec, proxy) against TaskMaster on the simulated cluster, and how the app
 * model reacts when a dependency breaks (postgres, the backend, RBAC, NetworkPolicies).
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ExecResult, LogLine, ProxyResponse } from "../../../../server/src/sim/runtime.js";
import { createPod, gvrOf, startCluster, TEAM_NS, type Cluster, type Json } from "../../../helpers/kubelet-cluster.js";

let cluster: Cluster;
afterEach(() => cluster?.stop());

async function upTaskmaster(): Promise<void> {
  cluster = startCluster();
  cluster.applyTaskmaster();
  await cluster.advance(60_000);
}

const podOf = (app: string) => cluster.pods(undefined, app)[0].metadata.name as string;

async function exec(app: string, command: string[], container = app, stdin?: string): Promise<ExecResult> {
  const r = cluster.runtime.exec({ namespace: TEAM_NS, pod: podOf(app), container, command, stdin });
  if ("code" in r) throw new Error(`exec failed: ${r.message}`);
  return r;
}

const proxy = (kind: "services" | "pods", name: string, path: string): Promise<ProxyResponse> =>
  cluster.runtime.proxy({ kind, namespace: TEAM_NS, name, path, method: "GET" });

const statusMessage = (r: ProxyResponse) => JSON.parse(r.body).message as string;

describe("logs", () => {
  beforeEach(upTaskmaster);

  test("a running container's log, with tail and since", async () => {
    const pod = podOf("backend");
    const lines = cluster.runtime.readLogs({ namespace: TEAM_NS, pod, container: "backend" }) as LogLine[];
    expect(lines[0]!.text).toMatch(/^\S+Z INFO  taskmaster-backend 1\.0 starting \(node v20\.18\.1, pid 1\)$/);
    expect(lines.some((l) => l.text.endsWith("INFO  listening on :8080"))).toBe(true);
    expect(lines.some((l) => l.text.endsWith("INFO  connected to postgres at postgres:5432/taskmaster"))).toBe(true);
    expect(cluster.runtime.readLogs({ namespace: TEAM_NS, pod, container: "backend", tailLines: 2 })).toEqual(lines.slice(-2));
    const recent = cluster.runtime.readLogs({ namespace: TEAM_NS, pod, container: "backend", sinceSeconds: 10 }) as LogLine[];
    expect(recent.length).toBeLessThan(lines.length);
    expect(recent.every((l) => l.at >= cluster.clock.now() - 10_000)).toBe(true);
  });

  test("follow streams new lines and ends when the container stops", async () => {
    const pod = podOf("frontend");
    const got: string[] = [];
    let ended = false;
    const h = cluster.runtime.followLogs({ namespace: TEAM_NS, pod, container: "frontend", tailLines: 0 }, (l) => got.push(l.text), () => (ended = true));
    expect("stop" in h).toBe(true);
    await cluster.advance(12_000);
    expect(got.some((l) => l.includes('"GET /healthz HTTP/1.1" 200 3 "-" "kube-probe/1.32"'))).toBe(true);
    cluster.store.delete(gvrOf("Pod"), TEAM_NS, pod);
    await cluster.advance(5_000);
    expect(ended).toBe(true);
    expect(got.some((l) => l.endsWith("[notice] 1#1: signal 3 (SIGQUIT) received, shutting down"))).toBe(true);
  });

  test("the API's 400s: waiting containers, no previous container, unknown container", async () => {
    createPod(cluster, "pulling", { containers: [{ name: "frontend", image: "nginx:1.27-typo" }] });
    createPod(cluster, "creating", { containers: [{ name: "frontend", image: "nginx:1.27" }] });
    const read = (pod: string, extra: Json = {}) => cluster.runtime.readLogs({ namespace: TEAM_NS, pod, container: "frontend", ...extra });
    await cluster.advance(100); // bound by the scheduler, sandbox not up yet
    expect(read("creating")).toMatchObject({ code: 400, message: 'container "frontend" in pod "creating" is waiting to start: ContainerCreating' });
    await cluster.advance(4_000);
    expect(read("pulling")).toMatchObject({ code: 400, reason: "BadRequest", message: 'container "frontend" in pod "pulling" is waiting to start: trying and failing to pull image' });
    expect(read("creating", { previous: true })).toMatchObject({ code: 400, message: 'previous terminated container "frontend" in pod "creating" not found' });
    expect(read("creating", { container: "web" })).toMatchObject({ code: 400, message: "container web is not valid for pod creating" });
    expect(read("nope")).toMatchObject({ code: 404, reason: "NotFound", message: 'pods "nope" not found' });
  });
});

describe("exec", () => {
  beforeEach(upTaskmaster);

  test("env, printenv, hostname, echo and sh -c", async () => {
    const env = await exec("backend", ["env"]);
    expect(env.exitCode).toBe(0);
    expect(env.stdout).toContain("DB_HOST=postgres\n");
    expect(env.stdout).toContain("DB_PASSWORD=firedrill-taskmaster-pw\n");
    expect(env.stdout).toMatch(/^POSTGRES_SERVICE_HOST=10\.96\.\d+\.\d+$/m);
    expect(env.stdout).toContain(`HOSTNAME=${podOf("backend")}\n`);
    expect(await exec("backend", ["printenv", "DB_PORT"])).toEqual({ stdout: "5432\n", stderr: "", exitCode: 0 });
    expect((await exec("backend", ["hostname"])).stdout).toBe(`${podOf("backend")}\n`);
    expect(await exec("backend", ["sh", "-c", 'echo "$DB_HOST:$DB_PORT" && exit 4'])).toEqual({ stdout: "postgres:5432\n", stderr: "", exitCode: 4 });
    expect(await exec("backend", ["sh", "-c", "nosuchtool --help"])).toEqual({ stdout: "", stderr: "sh: nosuchtool: not found\n", exitCode: 127 });
    expect(await exec("backend", ["sh", "-c", "curl backend:8080"])).toMatchObject({ stderr: "sh: curl: not found\n", exitCode: 127 });
  });

  test("files: resolv.conf, hosts, the ServiceAccount token and mounted ConfigMaps", async () => {
    expect((await exec("frontend", ["cat", "/etc/resolv.conf"])).stdout).toBe(
      "search team-a.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    expect((await exec("frontend", ["cat", "/etc/hosts"])).stdout).toContain(`${cluster.pods(undefined, "frontend")[0].status.podIP}\t${podOf("frontend")}`);
    expect((await exec("backend", ["ls", "/var/run/secrets/kubernetes.io/serviceaccount"])).stdout).toBe("ca.crt\nnamespace\ntoken\n");
    expect((await exec("backend", ["cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace"])).stdout).toBe("team-a");
    expect(await exec("backend", ["cat", "/nope"])).toEqual({ stdout: "", stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 1 });

    cluster.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tools" }, data: { "motd.txt": "hello\n" } });
    createPod(cluster, "tools", {
      containers: [{ name: "tools", image: "busybox:1.36", command: ["sleep", "infinity"], volumeMounts: [{ name: "cfg", mountPath: "/etc/tools" }] }],
      volumes: [{ name: "cfg", configMap: { name: "tools" } }],
    });
    await cluster.advance(5_000);
    const run = (command: string[]) => cluster.runtime.exec({ namespace: TEAM_NS, pod: "tools", container: "tools", command }) as Promise<ExecResult>;
    expect((await run(["ls", "/etc/tools"])).stdout).toBe("motd.txt\n");
    expect((await run(["cat", "/etc/tools/motd.txt"])).stdout).toBe("hello\n");
  });

  test("DNS and HTTP through the reachability model", async () => {
    const ns = await exec("frontend", ["nslookup", "backend"]);
    expect(ns.stdout).toMatch(/^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\nName:\tbackend\.team-a\.svc\.cluster\.local\nAddress: 10\.96\.\d+\.\d+\n\n$/);
    expect(await exec("frontend", ["nslookup", "backendd"])).toMatchObject({ exitCode: 1, stdout: expect.stringContaining("** server can't find backendd: NXDOMAIN") });
    expect((await exec("frontend", ["getent", "hosts", "postgres"])).stdout).toMatch(/^10\.96\.\d+\.\d+\s+postgres\.team-a\.svc\.cluster\.local\n$/);
    expect((await exec("frontend", ["wget", "-qO-", "http://backend:8080/api/tasks"])).stdout).toContain('"title":"Run the fire drill"');
    expect((await exec("frontend", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://backend:8080/ready"])).stdout).toBe("200");
    expect(await exec("frontend", ["curl", "-sS", "http://backend:9999/"])).toMatchObject({ exitCode: 28 });
    expect(await exec("frontend", ["curl", "http://nope:80/"])).toMatchObject({ exitCode: 6, stderr: "curl: (6) Could not resolve host: nope\n" });
    expect(await exec("frontend", ["wget", "-qO-", "http://postgres:5432/"])).toMatchObject({ exitCode: 1, stderr: "wget: error getting response: Connection reset by peer\n" });
    expect(await exec("frontend", ["wget", "-qO-", "http://backend:8080/missing"])).toMatchObject({ exitCode: 1, stderr: "wget: server returned error: HTTP/1.1 404 Not Found\n" });
  });

  test("ps, pg_isready, and honest errors for what the image lacks", async () => {
    expect((await exec("frontend", ["ps"])).stdout).toMatch(/^PID\s+USER\s+TIME\s+COMMAND\n\s+1 root\s+0:00 \/docker-entrypoint\.sh nginx -g daemon off;\n\s+29 root\s+0:00 nginx: worker process\n/);
    expect(await exec("postgres", ["pg_isready"])).toEqual({ stdout: "/var/run/postgresql:5432 - accepting connections\n", stderr: "", exitCode: 0 });
    expect(await exec("backend", ["sh", "-c", "nc -zv postgres 5432"])).toMatchObject({ exitCode: 0, stderr: expect.stringMatching(/^postgres \(10\.96\.\d+\.\d+:5432\) open\n$/) });
    // the postgres image has no ps (procps is not installed)
    expect(await exec("postgres", ["sh", "-c", "ps"])).toEqual({ stdout: "", stderr: "sh: ps: not found\n", exitCode: 127 });
    const bash = cluster.runtime.exec({ namespace: TEAM_NS, pod: podOf("backend"), container: "backend", command: ["bash"] });
    expect(bash).toMatchObject({ code: 500, reason: "InternalError", message: expect.stringContaining('exec: "bash": executable file not found in $PATH: unknown') });
  });

  test("exec into a container that is not running, or a pod that does not exist", async () => {
    createPod(cluster, "pulling", { containers: [{ name: "frontend", image: "nginx:1.27-typo" }] });
    await cluster.advance(3_000);
    expect(cluster.runtime.exec({ namespace: TEAM_NS, pod: "pulling", container: "frontend", command: ["ls"] })).toEqual({ code: 400, reason: "BadRequest", message: 'container not found ("frontend")' });
    expect(cluster.runtime.exec({ namespace: TEAM_NS, pod: "ghost", container: "x", command: ["ls"] })).toMatchObject({ code: 404, message: 'pods "ghost" not found' });
  });
});

describe("proxy and dependents", () => {
  beforeEach(upTaskmaster);

  test("healthy app: the page, the API through nginx, pods proxy with a port", async () => {
    const page = await proxy("services", "frontend", "/");
    expect(page).toMatchObject({ status: 200, contentType: "text/html" });
    expect(page.body).toContain("<title>TaskMaster</title>");
    const tasks = await proxy("services", "frontend:80", "/api/tasks");
    expect(tasks.status).toBe(200);
    expect(JSON.parse(tasks.body)).toHaveLength(2);
    expect(await proxy("services", "backend:http", "/ready")).toMatchObject({ status: 200, body: '{"status":"ready"}' });
    expect(await proxy("pods", `${podOf("frontend")}:80`, "/healthz")).toMatchObject({ status: 200, body: "ok\n" });
    expect(await proxy("services", "nope", "/")).toMatchObject({ status: 404 });
  });

  test("postgres gone: backend unready (no endpoints), frontend / is 200 but /api/* is 502", async () => {
    cluster.store.delete(gvrOf("Deployment"), TEAM_NS, "postgres");
    await cluster.advance(30_000);
    for (const p of cluster.pods(undefined, "backend")) expect(p.status.containerStatuses[0].ready).toBe(false);
    const be = await proxy("services", "backend", "/ready");
    expect(be.status).toBe(503);
    expect(statusMessage(be)).toBe('no endpoints available for service "backend"');
    expect((await proxy("services", "frontend", "/")).status).toBe(200);
    const api = await proxy("services", "frontend", "/api/tasks");
    expect(api.status).toBe(502);
    expect(api.body).toContain("<title>502 Bad Gateway</title>");
    // straight to a backend pod: it answers, but without its database
    expect(await proxy("pods", `${podOf("backend")}:8080`, "/api/tasks")).toMatchObject({ status: 503, body: '{"error":"database unavailable"}' });
    const logs = cluster.pods(undefined, "frontend").flatMap((p) => cluster.runtime.readLogs({ namespace: TEAM_NS, pod: p.metadata.name, container: "frontend" }) as LogLine[]);
    expect(logs.some((l) => / \[error\] 29#29: \*1 connect\(\) failed \(111: Connection refused\) while connecting to upstream, client: .*request: "GET \/api\/tasks HTTP\/1\.1"/.test(l.text))).toBe(true);
  });

  test("a Service selector that matches nothing: 503 no endpoints", async () => {
    const svc = cluster.store.get(gvrOf("Service"), TEAM_NS, "frontend") as Json;
    cluster.store.update(gvrOf("Service"), { ...svc, spec: { ...svc.spec, selector: { app: "frontend-v2" } } });
    const r = await proxy("services", "frontend", "/");
    expect(r.status).toBe(503);
    expect(statusMessage(r)).toBe('no endpoints available for service "frontend"');
  });

  test("nginx resolves its upstream at start: without the backend Service a new frontend pod crashes", async () => {
    cluster.store.delete(gvrOf("Service"), TEAM_NS, "backend");
    cluster.store.delete(gvrOf("Pod"), TEAM_NS, podOf("frontend"));
    await cluster.advance(40_000);
    const crashed = cluster.pods(undefined, "frontend").find((p) => p.status.containerStatuses[0].restartCount > 0);
    expect(crashed).toBeDefined();
    expect(crashed.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    const prev = (cluster.runtime.readLogs({ namespace: TEAM_NS, pod: crashed.metadata.name, container: "frontend", previous: true }) as LogLine[]).map((l) => l.text);
    expect(prev.at(-1)).toBe('nginx: [emerg] host not found in upstream "backend:8080" in /etc/nginx/conf.d/default.conf:7');
  });

  test("RBAC: without its RoleBinding the backend logs Forbidden and goes unready", async () => {
    cluster.store.delete(gvrOf("RoleBinding"), TEAM_NS, "backend-config-reader");
    await cluster.advance(30_000);
    const logs = (cluster.runtime.readLogs({ namespace: TEAM_NS, pod: podOf("backend"), container: "backend" }) as LogLine[]).map((l) => l.text);
    expect(logs.some((l) =>
      l.endsWith('ERROR Error: configmaps "backend-config" is forbidden: User "system:serviceaccount:team-a:backend" cannot get resource "configmaps" in API group "" in the namespace "team-a"'),
    )).toBe(true);
    for (const p of cluster.pods(undefined, "backend")) expect(p.status.containerStatuses[0].ready).toBe(false);
  });

  test("NetworkPolicy default-deny: traffic times out, then the backend loses postgres and goes unready", async () => {
    cluster.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny-all" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } });
    const r = await proxy("services", "frontend", "/");
    expect(r.status).toBe(503);
    expect(statusMessage(r)).toMatch(/^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:80: i\/o timeout$/);
    expect(await exec("frontend", ["wget", "-qO-", "http://backend:8080/api/tasks"])).toMatchObject({ exitCode: 1, stderr: "wget: download timed out\n" });
    cluster.apply({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "allow-frontend" }, spec: { podSelector: { matchLabels: { app: "frontend" } }, ingress: [{}] } });
    expect((await proxy("services", "frontend", "/")).status).toBe(200);
    // the frontend reaches nothing behind it: nginx times out upstream
    expect(await proxy("services", "frontend", "/api/tasks")).toMatchObject({ status: 504 });

    await cluster.advance(20_000);
    // probes come from the node and still reach the pods, but /ready fails without postgres
    expect(cluster.pods(undefined, "frontend").every((p) => p.status.containerStatuses[0].ready)).toBe(true);
    expect(cluster.pods(undefined, "backend").some((p) => p.status.containerStatuses[0].ready)).toBe(false);
    const logs = (cluster.runtime.readLogs({ namespace: TEAM_NS, pod: podOf("backend"), container: "backend" }) as LogLine[]).map((l) => l.text);
    expect(logs.some((l) => /ERROR database postgres:5432 unreachable: connect ETIMEDOUT 10\.96\.\d+\.\d+:5432 \(retrying in 5s\)$/.test(l))).toBe(true);
    expect(await proxy("services", "frontend", "/api/tasks")).toMatchObject({ status: 502 });
  });
});

/**
 * The isolation matrix: team orion's kubeconfig (real kubectl, through the gateway, against the
 * real sim) tries to reach team lyra and the cluster. Every attempt must fail, be recorded as an
 * out-of-bounds Activity, and leave lyra's objects exactly as they were.
 */
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectl, type KubectlResult } from "../../helpers/kubectl.js";
import { startGatewayHarness, type GatewayHarness } from "./harness.js";

let h: GatewayHarness;
let orionNs: string;
let lyraNs: string;
let lyraPod: string;
let lyraBefore: string;

/**
 * Every object in lyra's namespace by identity and content (uid, labels, annotations, spec, data,
 * RBAC fields), as the admin sees it. Status is left out: lyra's pods keep running meanwhile.
 */
async function lyraFingerprint(): Promise<string> {
  const kinds = "deployments,replicasets,pods,services,configmaps,secrets,serviceaccounts,roles,rolebindings,networkpolicies,resourcequotas,limitranges,persistentvolumeclaims,ingresses";
  const r = await kubectl(["get", kinds, "-n", lyraNs, "-o", "json"], { kubeconfig: h.adminKubeconfigPath });
  expect(r.code, r.stderr).toBe(0);
  const items = (JSON.parse(r.stdout) as { items: Record<string, any>[] }).items.map((o) =>
    JSON.stringify({
      kind: o.kind,
      name: o.metadata.name,
      uid: o.metadata.uid,
      labels: o.metadata.labels,
      annotations: o.metadata.annotations,
      deleting: Boolean(o.metadata.deletionTimestamp),
      spec: o.spec,
      data: o.data,
      rules: o.rules,
      roleRef: o.roleRef,
      subjects: o.subjects,
    }),
  );
  const ns = await kubectl(["get", "namespace", lyraNs, "-o", "json"], { kubeconfig: h.adminKubeconfigPath });
  const nsObj = JSON.parse(ns.stdout) as { metadata: { uid: string; labels: object; deletionTimestamp?: string } };
  return [...items.sort(), JSON.stringify(nsObj.metadata)].join("\n");
}

async function asOrion(args: string[], opts: { stdin?: string; kubeconfig?: string } = {}): Promise<KubectlResult> {
  return kubectl(args, { kubeconfig: opts.kubeconfig ?? h.teams.orion!.kubeconfigPath, stdin: opts.stdin, timeoutMs: 30_000 });
}

/** Activities of one kubectl invocation (one Kubectl-Session), minus discovery. */
async function activitiesSince(index: number) {
  await h.gateway.recorder.drain();
  return h.activities.slice(index).filter((a) => !a.isDiscovery);
}

beforeAll(async () => {
  // healthy first, so lyra's ReplicaSets and pods are settled before the fingerprint is taken
  h = await startGatewayHarness({ gameCode: "ISO1", teams: ["orion", "lyra"], waitForHealthy: true });
  orionNs = h.teams.orion!.namespace;
  lyraNs = h.teams.lyra!.namespace;
  const pods = await kubectl(["get", "pods", "-n", lyraNs, "-o", "jsonpath={.items[0].metadata.name}"], { kubeconfig: h.adminKubeconfigPath });
  lyraPod = pods.stdout;
  expect(lyraPod).toMatch(/^frontend-|^backend-|^postgres-/);
  lyraBefore = await lyraFingerprint();
});

afterAll(async () => {
  await h?.close();
});

const ROLEBINDING_TO_CLUSTER_ADMIN = (ns: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: escalate, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: player, namespace: ${ns}}]
`;

type Case = {
  name: string;
  args: () => string[];
  stdin?: () => string;
  /** Who must refuse it. */
  deniedBy: "gateway" | "cluster";
  stderr: RegExp;
  /** kubectl cordon reports per-node errors but exits 0 (kubectl's behaviour, not ours). */
  exitMayBeZero?: boolean;
};

const cases: Case[] = [
  { name: "get pods in another namespace", args: () => ["get", "pods", "-n", lyraNs], deniedBy: "gateway", stderr: /Forbidden.*may only access namespace/ },
  { name: "get one pod in another namespace", args: () => ["get", "pod", lyraPod, "-n", lyraNs], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "describe in another namespace", args: () => ["describe", "deployment", "frontend", "-n", lyraNs], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "watch another namespace", args: () => ["get", "pods", "-w", "-n", lyraNs], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "list another namespace's secrets", args: () => ["get", "secrets", "-n", lyraNs, "-o", "yaml"], deniedBy: "gateway", stderr: /forbidden/i },
  {
    name: "patch a deployment in another namespace",
    args: () => ["patch", "deployment", "frontend", "-n", lyraNs, "--type=merge", "-p", '{"spec":{"replicas":0}}'],
    deniedBy: "gateway",
    stderr: /forbidden/i,
  },
  { name: "scale in another namespace", args: () => ["scale", "deployment", "backend", "--replicas=0", "-n", lyraNs], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "delete a pod in another namespace", args: () => ["delete", "pod", lyraPod, "-n", lyraNs, "--wait=false"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "delete all pods in another namespace", args: () => ["delete", "pods", "--all", "-n", lyraNs, "--wait=false"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "exec in another namespace", args: () => ["exec", lyraPod, "-n", lyraNs, "--", "ls"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "logs in another namespace", args: () => ["logs", lyraPod, "-n", lyraNs], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "get pods -A", args: () => ["get", "pods", "-A"], deniedBy: "gateway", stderr: /Forbidden.*all namespaces/ },
  { name: "get secrets --all-namespaces", args: () => ["get", "secrets", "--all-namespaces"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "get another namespace object", args: () => ["get", "namespace", lyraNs], deniedBy: "gateway", stderr: /namespaces "fd-iso1-lyra" is forbidden/ },
  { name: "create a namespace", args: () => ["create", "namespace", "evil"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "delete another team's namespace", args: () => ["delete", "namespace", lyraNs, "--wait=false"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "delete its own namespace", args: () => ["delete", "namespace", orionNs, "--wait=false"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "label another namespace", args: () => ["label", "namespace", lyraNs, "pwned=yes"], deniedBy: "gateway", stderr: /forbidden/i },
  {
    name: "create a clusterrole",
    args: () => ["create", "-f", "-"],
    stdin: () => "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: evil}\nrules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n",
    deniedBy: "gateway",
    stderr: /forbidden/i,
  },
  {
    name: "bind cluster-admin cluster-wide",
    args: () => ["create", "-f", "-"],
    stdin: () =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: evil}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: player, namespace: ${orionNs}}]\n`,
    deniedBy: "gateway",
    stderr: /forbidden/i,
  },
  { name: "delete a clusterrolebinding", args: () => ["delete", "clusterrolebinding", "cluster-admin"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "list clusterroles", args: () => ["get", "clusterroles"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "label a node", args: () => ["label", "node", "--all", "pwned=yes"], deniedBy: "gateway", stderr: /forbidden/i },
  { name: "cordon a node", args: () => ["cordon", "--selector", "kubernetes.io/os=linux"], deniedBy: "gateway", stderr: /unable to cordon node.*forbidden/, exitMayBeZero: true },
  {
    name: "bind cluster-admin inside its own namespace (RBAC refuses)",
    args: () => ["create", "-f", "-", "-n", orionNs],
    stdin: () => ROLEBINDING_TO_CLUSTER_ADMIN(orionNs),
    deniedBy: "cluster",
    stderr: /forbidden/i,
  },
  {
    name: "write itself a wildcard Role (RBAC refuses)",
    args: () => ["create", "-f", "-", "-n", orionNs],
    stdin: () => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: everything}\nrules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n`,
    deniedBy: "cluster",
    stderr: /forbidden/i,
  },
  {
    name: "edit the player RoleBinding (RBAC refuses)",
    args: () => ["patch", "rolebinding", "firedrill-player", "-n", orionNs, "--type=merge", "-p", '{"roleRef":{"name":"cluster-admin"}}'],
    deniedBy: "cluster",
    stderr: /Forbidden|Invalid|cannot change roleRef/,
  },
  {
    name: "lift its own quota (RBAC refuses)",
    args: () => ["patch", "resourcequota", "firedrill-team-quota", "-n", orionNs, "--type=merge", "-p", '{"spec":{"hard":{"pods":"1000"}}}'],
    deniedBy: "cluster",
    stderr: /forbidden/i,
  },
  { name: "--as system:admin", args: () => ["get", "pods", "--as=system:admin"], deniedBy: "gateway", stderr: /Forbidden.*impersonation/ },
  { name: "--as-group system:masters", args: () => ["get", "pods", "-n", lyraNs, "--as=x", "--as-group=system:masters"], deniedBy: "gateway", stderr: /forbidden/i },
  {
    name: "--as lyra's player",
    args: () => ["get", "pods", "-n", lyraNs, `--as=system:serviceaccount:${lyraNs}:player`],
    deniedBy: "gateway",
    stderr: /forbidden/i,
  },
];

describe("team isolation through the gateway", () => {
  it.each(cases)("$name → denied by $deniedBy", async (c) => {
    const mark = h.activities.length;
    const r = await asOrion(c.args(), { stdin: c.stdin?.() });
    if (!c.exitMayBeZero) expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).not.toBe(0);
    expect(r.stderr).toMatch(c.stderr);
    const acts = await activitiesSince(mark);
    const denied = acts.filter((a) => !a.allowed);
    expect(denied.length, JSON.stringify(acts, null, 1)).toBeGreaterThan(0);
    expect(denied.some((a) => a.deniedBy === c.deniedBy)).toBe(true);
    for (const a of denied) {
      expect(a.teamId).toBe("team-orion");
      expect(a.code === 403 || a.code === 422).toBe(true);
    }
    // nothing the attempt touched went through against another namespace
    expect(acts.filter((a) => a.allowed && a.namespace === lyraNs)).toEqual([]);
  });

  it("kubectl get ns shows only the team's own namespace", async () => {
    const r = await asOrion(["get", "namespaces", "-o", "name"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`namespace/${orionNs}`);
    const table = await asOrion(["get", "ns"]);
    expect(table.stdout).toContain(orionNs);
    expect(table.stdout).not.toContain(lyraNs);
    expect(table.stdout).not.toContain("kube-system");
  });

  it("nodes are readable but not writable, and discovery works", async () => {
    const nodes = await asOrion(["get", "nodes"]);
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout).toMatch(/NAME\s+STATUS/);
    const version = await asOrion(["version", "-o", "json"]);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion.minor).toBe("32");
    const resources = await asOrion(["api-resources", "--namespaced=true", "-o", "name"]);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toContain("deployments.apps");
  });

  it.each([
    ["a bad token", async () => h.writeKubeconfig("bad", h.teams.orion!.team, "fdt_" + "A".repeat(43))],
    [
      "an expired token",
      async () => {
        const expired = { ...h.teams.orion!.team, teamId: "team-orion-old" };
        h.authenticator.load([
          { team: expired, tokenHash: (await import("../../../server/src/core/index.js")).hashToken("fdt_expired"), expiresAt: Date.now() - 1 },
        ]);
        return h.writeKubeconfig("expired", expired, "fdt_expired");
      },
    ],
    ["a missing token", async () => h.writeKubeconfig("missing", h.teams.orion!.team, null)],
  ])("%s is refused with 401", async (name, makeKubeconfig) => {
    const kubeconfig = await makeKubeconfig();
    const mark = h.activities.length;
    const r = await asOrion(["get", "pods", "-n", orionNs], { kubeconfig });
    expect(r.code).not.toBe(0);
    // with no credentials at all, kubectl answers the dispatcher's 401 by prompting for a username
    expect(r.stderr).toMatch(name === "a missing token" ? /EOF|Unauthorized/ : /Unauthorized|must be logged in/);
    await h.gateway.recorder.drain();
    const acts = h.activities.slice(mark);
    expect(acts.length).toBeGreaterThan(0);
    for (const a of acts) expect(a).toMatchObject({ allowed: false, deniedBy: "auth", code: 401, teamId: null });
  });

  it("team lyra's objects were not touched by any of it", async () => {
    expect(await lyraFingerprint()).toBe(lyraBefore);
  });
});

describe("token brute force", () => {
  let bf: GatewayHarness;
  beforeAll(async () => {
    bf = await startGatewayHarness({ gameCode: "BRUT", teams: ["orion"], waitForHealthy: false, maxAuthFailures: 10 });
  });
  afterAll(async () => {
    await bf?.close();
  });

  function get(token: string): Promise<{ status: number; retryAfter?: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${bf.gateway.url}/api/v1/namespaces/${bf.teams.orion!.namespace}/secrets`,
        { ca: bf.gateway.caPem, headers: { authorization: `Bearer ${token}` }, agent: false },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] }));
        },
      );
      req.on("error", reject);
      req.end();
    });
  }

  it("throttles guessing after 10 failures a minute, and never lets a guess through", async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 200; i++) {
      const r = await get(`fdt_${Math.random().toString(36).slice(2)}${"x".repeat(30)}`);
      statuses.push(r.status);
      retryAfter ??= r.retryAfter;
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // the real token is blocked too while the address is throttled (no oracle for guessers)
    expect((await get(bf.teams.orion!.token)).status).toBe(429);
    await bf.gateway.recorder.drain();
    expect(bf.activities.filter((a) => a.deniedBy === "auth")).toHaveLength(10);
    expect(bf.activities.filter((a) => a.deniedBy === "throttle")).toHaveLength(191);
    expect(bf.activities.every((a) => !a.allowed)).toBe(true);
  });
});

/**
 * RBAC through real kubectl: an impersonated ServiceAccount (as the gateway sends it) may do what its
 * namespaced Role allows and nothing else, with kube-apiserver's exact Forbidden messages; auth can-i,
 * can-i --list and whoami answer for that identity; bad tokens are 401.
 */
import { writeFile } from "node:fs/promises";
import https from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../../../../server/src/sim/index.js";
import { kubectl } from "../../../helpers/kubectl.js";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const PLAYER = "system:serviceaccount:team-a:player";
let sim: TestSim;
let player: string;

const RBAC_YAML = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: player, namespace: team-a}
rules:
- apiGroups: [""]
  resources: [pods, pods/log, configmaps]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments/scale]
  verbs: [patch]
  resourceNames: [frontend]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: player, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: player}
subjects:
- {kind: ServiceAccount, name: player, namespace: team-a}
`;

beforeAll(async () => {
  sim = await startTestSim({ controllers: false });
  for (const ns of ["team-a", "team-b"]) expect((await sim.kubectl(["create", "namespace", ns])).code).toBe(0);
  const file = join(sim.dir, "rbac.yaml");
  await writeFile(file, RBAC_YAML);
  const applied = await sim.kubectl(["apply", "-f", file]);
  expect(applied.stderr).toBe("");
  await sim.kubectl(["create", "deployment", "frontend", "--image=nginx:1.25", "-n", "team-a"]);
  await sim.kubectl(["create", "configmap", "cfg", "-n", "team-a"]);
  player = await sim.impersonatingKubeconfig(PLAYER);
});

afterAll(async () => {
  await sim?.stop();
});

function fetchInsecure(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { headers, ca: sim.cluster.caPem }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

const asPlayer = (args: string[]) => kubectl(args, { kubeconfig: player });

describe("RBAC for an impersonated ServiceAccount", () => {
  it("allows what the Role grants in its namespace", async () => {
    const r = await asPlayer(["get", "configmaps", "-n", "team-a", "-o", "name"]);
    expect(r).toMatchObject({ code: 0, stdout: "configmap/cfg\n" });
    const d = await asPlayer(["get", "deploy", "frontend", "-n", "team-a", "-o", "name"]);
    expect(d.stdout.trim()).toBe("deployment.apps/frontend");
    const scaled = await asPlayer(["scale", "deploy", "frontend", "--replicas=2", "-n", "team-a"]);
    expect(scaled.stdout.trim()).toBe("deployment.apps/frontend scaled");
  });

  it("forbids a verb the Role lacks, with the exact message", async () => {
    const r = await asPlayer(["patch", "deploy", "frontend", "-n", "team-a", "-p", '{"spec":{"replicas":3}}']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Error from server (Forbidden): deployments.apps "frontend" is forbidden: User "${PLAYER}" cannot patch resource "deployments" in API group "apps" in the namespace "team-a"`,
    );
  });

  it("forbids other namespaces and cluster-scoped lists", async () => {
    const other = await asPlayer(["get", "pods", "-n", "team-b"]);
    expect(other.stderr.trim()).toBe(`Error from server (Forbidden): pods is forbidden: User "${PLAYER}" cannot list resource "pods" in API group "" in the namespace "team-b"`);
    const nodes = await asPlayer(["get", "nodes"]);
    expect(nodes.stderr.trim()).toBe(`Error from server (Forbidden): nodes is forbidden: User "${PLAYER}" cannot list resource "nodes" in API group "" at the cluster scope`);
    const secrets = await asPlayer(["get", "secret", "x", "-n", "team-a"]);
    expect(secrets.stderr.trim()).toBe(`Error from server (Forbidden): secrets "x" is forbidden: User "${PLAYER}" cannot get resource "secrets" in API group "" in the namespace "team-a"`);
  });

  it("auth can-i answers yes / no for the impersonated identity", async () => {
    const yes = await asPlayer(["auth", "can-i", "get", "pods", "-n", "team-a"]);
    expect(yes).toMatchObject({ code: 0, stdout: "yes\n" });
    const no = await asPlayer(["auth", "can-i", "delete", "pods", "-n", "team-a"]);
    expect(no.code).toBe(1);
    expect(no.stdout.trim()).toBe("no");
    const sub = await asPlayer(["auth", "can-i", "patch", "deployments.apps/frontend", "--subresource=scale", "-n", "team-a"]);
    expect(sub.stdout.trim()).toBe("yes");
    const admin = await sim.kubectl(["auth", "can-i", "delete", "nodes"]);
    expect(admin.stdout.trim()).toBe("yes");
    const viaAs = await sim.kubectl(["auth", "can-i", "list", "configmaps", "-n", "team-a", `--as=${PLAYER}`]);
    expect(viaAs.stdout.trim()).toBe("yes");
  });

  it("auth can-i --list shows the Role's rules", async () => {
    const r = await asPlayer(["auth", "can-i", "--list", "-n", "team-a"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(r.stdout).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
  });

  it("auth whoami reports the impersonated user and its groups", async () => {
    const r = await asPlayer(["auth", "whoami"]);
    expect(r.stdout).toMatch(new RegExp(`^Username\\s+${PLAYER}$`, "m"));
    expect(r.stdout).toMatch(/^Groups\s+\[system:serviceaccounts system:serviceaccounts:team-a system:authenticated\]$/m);
  });
});

describe("authentication and impersonation rights", () => {
  it("a bad token is 401", async () => {
    const path = join(sim.dir, "bad.kubeconfig");
    await writeFile(path, kubeconfigYaml({ url: sim.cluster.url, caPem: sim.cluster.caPem, token: "not-a-token" }));
    const r = await kubectl(["get", "pods"], { kubeconfig: path });
    expect(r.code).toBe(1);
    // cold discovery fails first, so kubectl reports the 401 in client-go's words
    expect(r.stderr.trim().split("\n").at(-1)).toBe("error: You must be logged in to the server (the server has asked for the client to provide credentials)");
  });

  it("a caller without impersonate rights cannot use --as", async () => {
    sim.cluster.addToken("player-token", { username: PLAYER, groups: ["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"] });
    const path = join(sim.dir, "player-token.kubeconfig");
    await writeFile(path, kubeconfigYaml({ url: sim.cluster.url, caPem: sim.cluster.caPem, token: "player-token" }));
    const own = await kubectl(["get", "cm", "-n", "team-a", "-o", "name"], { kubeconfig: path });
    expect(own.stdout.trim()).toBe("configmap/cfg");
    const r = await kubectl(["get", "cm", "-n", "team-a", "--as=system:admin"], { kubeconfig: path });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error from server (Forbidden)");
    // the Status body itself carries kube-apiserver's message
    const res = await fetchInsecure(`${sim.cluster.url}/api/v1/namespaces/team-a/configmaps`, { authorization: "Bearer player-token", "impersonate-user": "system:admin" });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      kind: "Status",
      reason: "Forbidden",
      code: 403,
      message: `users "system:admin" is forbidden: User "${PLAYER}" cannot impersonate resource "users" in API group "" at the cluster scope`,
    });
  });
});

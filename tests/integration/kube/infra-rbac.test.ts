/**
 * Kube mode's RBAC, exercised for real: the sim is given infra/k8s/rbac.yaml and a token for the
 * `firedrill` ServiceAccount, and Firedrill then runs with only those permissions, as it would
 * in a cluster. It must be able to provision a team and serve kubectl through the gateway
 * (impersonating the team's player), and nothing more.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RealClock, silentLogger } from "../../../server/src/core/index.js";
import { gatewayTlsHosts, loadGatewayTls, startGateway, TeamAuthenticator, type Gateway } from "../../../server/src/gateway/index.js";
import { Cluster, parseManifests } from "../../../server/src/kube/index.js";
import { kubeconfigYaml, startSimCluster, type SimCluster } from "../../../server/src/sim/index.js";
import { kubectl } from "../../helpers/kubectl.js";

const SA_TOKEN = "firedrill-sa-token-for-tests-0123456789";
let dir: string;
let sim: SimCluster;
let asFiredrill: Cluster;
let gateway: Gateway;
let upstreamStop: () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fd-infra-rbac-"));
  sim = await startSimCluster({ clock: new RealClock(), dataDir: join(dir, "sim"), logger: silentLogger() });
  const admin = Cluster.fromKubeconfigYaml(sim.adminKubeconfig(), { scenariosDir: "scenarios" });
  const infra = [
    ...parseManifests(await readFile("infra/k8s/namespace.yaml", "utf8")),
    ...parseManifests(await readFile("infra/k8s/rbac.yaml", "utf8")),
  ];
  for (const obj of infra) await admin.apply(obj.metadata?.namespace ?? "firedrill", obj);
  admin.close();
  sim.addToken(SA_TOKEN, {
    username: "system:serviceaccount:firedrill:firedrill",
    groups: ["system:serviceaccounts", "system:serviceaccounts:firedrill", "system:authenticated"],
  });
  asFiredrill = Cluster.fromKubeconfigYaml(kubeconfigYaml({ url: sim.url, caPem: sim.caPem, token: SA_TOKEN, user: "firedrill" }), {
    scenariosDir: "scenarios",
  });
});

afterAll(async () => {
  await gateway?.close();
  upstreamStop?.();
  asFiredrill?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Firedrill with only infra/k8s/rbac.yaml", () => {
  let namespace: string;

  it("can provision a team (namespace, fences, player RBAC, baseline app)", async () => {
    ({ namespace } = await asFiredrill.provisionTeam({ code: "RBAC1" }, { id: "t1", slug: "orion" }, { waitForHealthy: false }));
    expect(await asFiredrill.get(namespace, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", name: "firedrill-player" })).toBeDefined();
    expect(await asFiredrill.get(namespace, { apiVersion: "apps/v1", kind: "Deployment", name: "frontend" })).toBeDefined();
  });

  it("can serve a team's kubectl through the gateway, impersonating the player", async () => {
    const clock = new RealClock();
    const authenticator = new TeamAuthenticator(clock);
    const team = { teamId: "t1", name: "orion", namespace, gameCode: "RBAC1" };
    const token = authenticator.register(team);
    const upstream = await asFiredrill.upstreamTarget();
    upstreamStop = upstream.stop;
    gateway = await startGateway({
      port: 0,
      host: "127.0.0.1",
      tls: await loadGatewayTls({ dataDir: join(dir, "gw"), hosts: gatewayTlsHosts() }),
      upstream,
      authenticator,
      clock,
    });
    const kubeconfig = join(dir, "team.kubeconfig");
    await writeFile(kubeconfig, gateway.kubeconfigFor(team, token));
    const get = await kubectl(["get", "deployments"], { kubeconfig });
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/frontend/);
    const whoami = await kubectl(["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"], { kubeconfig });
    expect(whoami.stdout).toBe(`system:serviceaccount:${namespace}:player`);
    const ns = await kubectl(["get", "ns", "-o", "name"], { kubeconfig });
    expect(ns.stdout.trim()).toBe(`namespace/${namespace}`);
  });

  it("cannot impersonate anyone but a player", async () => {
    const status = (headers: Record<string, string>, path = "/api/v1/namespaces/kube-system/secrets") =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(sim.url + path, { ca: sim.caPem, headers: { authorization: `Bearer ${SA_TOKEN}`, ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status({ "impersonate-user": "system:admin" })).toBe(403);
    expect(await status({ "impersonate-user": "system:serviceaccount:kube-system:default" })).toBe(403);
    expect(await status({ "impersonate-user": `system:serviceaccount:${namespace}:player`, "impersonate-group": "system:masters" })).toBe(403);
  });

  // kube-apiserver refuses a binding to a role whose permissions the creator lacks unless it has
  // `bind` on that role (RBAC escalation prevention): `create clusterrolebindings` is not enough.
  it("cannot bind itself to cluster-admin (escalation prevention)", async () => {
    const crb = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "firedrill-grabs-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "firedrill", namespace: "firedrill" }],
    } as KubernetesObject;
    const err = await asFiredrill.apply("", crb).then(
      () => undefined,
      (e: unknown) => e as { status?: number; message?: string },
    );
    expect(err?.status).toBe(403);
    expect(String(err?.message)).toContain(
      'clusterrolebindings.rbac.authorization.k8s.io "firedrill-grabs-admin" is forbidden: user "system:serviceaccount:firedrill:firedrill" ' +
        '(groups=["system:serviceaccounts" "system:serviceaccounts:firedrill" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
    );
  });
});

/**
 * RBAC escalation prevention through real kubectl, as a player's impersonated ServiceAccount: it may
 * create Roles and RoleBindings in its namespace, but only for permissions it already holds (or with
 * `bind`), and kubectl prints kube-apiserver's Forbidden message. The admin (system:masters) is exempt.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectl } from "../../../helpers/kubectl.js";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "fd-abc-orion";
const PLAYER = `system:serviceaccount:${NS}:player`;
const GROUPS = `["system:serviceaccounts" "system:serviceaccounts:${NS}" "system:authenticated"]`;
let sim: TestSim;
let player: string;

const RBAC_YAML = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: player, namespace: ${NS}}
rules:
- apiGroups: [""]
  resources: [pods, configmaps, services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [apps]
  resources: [deployments, deployments/scale]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles]
  verbs: [bind]
  resourceNames: [view]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: player, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: player}
subjects:
- {kind: ServiceAccount, name: player, namespace: ${NS}}
`;

const asPlayer = (args: string[]) => kubectl([...args, "-n", NS], { kubeconfig: player });

beforeAll(async () => {
  sim = await startTestSim({ controllers: false });
  expect((await sim.kubectl(["create", "namespace", NS])).code).toBe(0);
  const file = join(sim.dir, "rbac.yaml");
  await writeFile(file, RBAC_YAML);
  expect((await sim.kubectl(["apply", "-f", file])).stderr).toBe("");
  player = await sim.impersonatingKubeconfig(PLAYER);
});

afterAll(async () => {
  await sim?.stop();
});

describe("RBAC escalation prevention", () => {
  it("a player cannot bind itself to cluster-admin", async () => {
    const r = await asPlayer(["create", "rolebinding", "grab", "--clusterrole=cluster-admin", `--serviceaccount=${NS}:player`]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "grab" is forbidden: user "${PLAYER}" (groups=${GROUPS}) is attempting to grant RBAC permissions not currently held:\n` +
        `{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`,
    );
    expect((await sim.kubectl(["get", "rolebinding", "grab", "-n", NS])).code).toBe(1);
  });

  it("a player cannot create a Role granting more than it holds, nor widen one with apply", async () => {
    const r = await asPlayer(["create", "role", "peek", "--verb=get", "--resource=secrets,pods"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Error from server (Forbidden): roles.rbac.authorization.k8s.io "peek" is forbidden: user "${PLAYER}" (groups=${GROUPS}) is attempting to grant RBAC permissions not currently held:\n` +
        `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`,
    );
    expect((await asPlayer(["create", "role", "pod-reader", "--verb=get,list", "--resource=pods"])).stdout.trim()).toBe("role.rbac.authorization.k8s.io/pod-reader created");
    const file = join(sim.dir, "widen.yaml");
    await writeFile(
      file,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: ${NS}}
rules:
- apiGroups: [""]
  resources: [pods, pods/exec]
  verbs: [get, list, create]
`,
    );
    const widened = await asPlayer(["apply", "-f", file]);
    expect(widened.code).toBe(1);
    expect(widened.stderr).toContain(`roles.rbac.authorization.k8s.io "pod-reader" is forbidden: user "${PLAYER}"`);
    expect(widened.stderr).toContain('{APIGroups:[""], Resources:["pods/exec"], Verbs:["get" "list" "create"]}');
  });

  it("a player may bind a role it holds, or one it has `bind` on", async () => {
    expect((await asPlayer(["create", "rolebinding", "pods", "--role=pod-reader", `--serviceaccount=${NS}:default`])).stdout.trim()).toBe(
      "rolebinding.rbac.authorization.k8s.io/pods created",
    );
    // the player holds none of `view`'s permissions, but may bind it
    expect((await asPlayer(["create", "rolebinding", "viewers", "--clusterrole=view", `--serviceaccount=${NS}:default`])).stdout.trim()).toBe(
      "rolebinding.rbac.authorization.k8s.io/viewers created",
    );
    const edit = await asPlayer(["create", "rolebinding", "editors", "--clusterrole=edit", `--serviceaccount=${NS}:default`]);
    expect(edit.stderr).toMatch(/rolebindings\.rbac\.authorization\.k8s\.io "editors" is forbidden: .* is attempting to grant RBAC permissions not currently held:/);
  });

  it("the admin (system:masters) is exempt", async () => {
    expect((await sim.kubectl(["create", "rolebinding", "admins", "--clusterrole=cluster-admin", `--serviceaccount=${NS}:default`, "-n", NS])).code).toBe(0);
  });
});

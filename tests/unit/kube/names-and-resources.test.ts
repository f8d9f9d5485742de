import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDns1123Label, slugify, teamNamespaceName } from "../../../server/src/kube/names.js";
import {
  playerClusterRole,
  playerRoleRules,
  teamFenceObjects,
  teamNamespace,
  type TeamIdentity,
} from "../../../server/src/kube/team-resources.js";
import { loadAppManifests, parseManifests, sortForApply } from "../../../server/src/kube/app-manifests.js";
import { deploymentAvailable } from "../../../server/src/kube/cluster.js";

describe("teamNamespaceName", () => {
  it.each([
    ["ABC123", "orion", "fd-abc123-orion"],
    ["ABC123", "Team Ørion!!", "fd-abc123-team-orion"],
    ["ABC123", "---", "fd-abc123-team"],
    ["ABC123", "ÉQUIPE  rouge", "fd-abc123-equipe-rouge"],
  ])("%s + %s → %s", (game, team, expected) => {
    expect(teamNamespaceName(game, team)).toBe(expected);
  });

  it("always yields a DNS-1123 label ≤ 63 chars, and distinct names for long look-alikes", () => {
    const a = teamNamespaceName("ABC123", "x".repeat(80) + "-alpha");
    const b = teamNamespaceName("ABC123", "x".repeat(80) + "-bravo");
    for (const n of [a, b]) {
      expect(n.length).toBeLessThanOrEqual(63);
      expect(isDns1123Label(n)).toBe(true);
    }
    expect(a).not.toBe(b);
    expect(slugify("  Hello, World  ")).toBe("hello-world");
  });
});

const team: TeamIdentity = { gameCode: "ABC123", teamId: "t-1", teamSlug: "orion", namespace: "fd-abc123-orion" };

describe("team fence objects", () => {
  it("labels the namespace with game and team", () => {
    expect(teamNamespace(team).metadata?.labels).toMatchObject({
      "firedrill.io/game": "abc123",
      "firedrill.io/team": "orion",
      "firedrill.io/team-id": "t-1",
      "app.kubernetes.io/managed-by": "firedrill",
    });
  });

  it("creates the player SA, Role, RoleBinding, quota, limits and a deny-other-namespaces policy", () => {
    const objs = teamFenceObjects(team);
    expect(objs.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      "ServiceAccount/player",
      "Role/firedrill-player",
      "RoleBinding/firedrill-player",
      "ResourceQuota/firedrill-team-quota",
      "LimitRange/firedrill-team-limits",
      "NetworkPolicy/firedrill-deny-other-namespaces",
    ]);
    for (const o of objs) expect(o.metadata?.namespace).toBe("fd-abc123-orion");
    const np = objs[5] as unknown as { spec: { podSelector: object; ingress: { from: object[] }[] } };
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.ingress[0]!.from[0]).toEqual({ podSelector: {} });
  });

  it("never lets a player write RBAC, bind, escalate, impersonate, or lift its quota", () => {
    const rules = playerRoleRules();
    for (const r of rules) {
      expect(r.verbs).not.toContain("*");
      expect(r.verbs).not.toContain("bind");
      expect(r.verbs).not.toContain("escalate");
      expect(r.verbs).not.toContain("impersonate");
      expect(r.resources).not.toContain("*");
      const writes = r.verbs.some((v) => ["create", "update", "patch", "delete", "deletecollection"].includes(v));
      if (r.apiGroups.includes("rbac.authorization.k8s.io")) expect(writes).toBe(false);
      if (writes) {
        expect(r.resources).not.toContain("resourcequotas");
        expect(r.resources).not.toContain("limitranges");
        expect(r.resources).not.toContain("namespaces");
      }
    }
    // but players can fix workloads
    expect(rules.some((r) => r.apiGroups.includes("apps") && r.resources.includes("deployments") && r.verbs.includes("patch"))).toBe(true);
    expect(rules.some((r) => r.resources.includes("pods/exec") && r.verbs.includes("create"))).toBe(true);
    const cr = playerClusterRole() as unknown as { rules: { verbs: string[] }[] };
    for (const r of cr.rules) expect(r.verbs.every((v) => ["get", "list", "watch"].includes(v))).toBe(true);
  });
});

describe("app manifests", () => {
  it("parses multi-document YAML and rejects documents without a name", () => {
    expect(parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n")).toHaveLength(2);
    expect(() => parseManifests("apiVersion: v1\nkind: ConfigMap\n")).toThrow(/metadata.name/);
  });

  it("loads an app folder in file order and sorts config before workloads", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fd-apps-"));
    await mkdir(join(dir, "apps", "demo"), { recursive: true });
    await writeFile(join(dir, "apps", "demo", "a.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
    await writeFile(join(dir, "apps", "demo", "b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {TEAM: '{{ team }}', NS: '{{namespace}}', TAG: '{{params.tag}}'}\n");
    const ctx = { params: { tag: "1.1" }, namespace: "fd-x-orion", team: "orion" };
    const objs = await loadAppManifests(dir, "demo", ctx);
    expect(objs.map((o) => o.kind)).toEqual(["Deployment", "ConfigMap"]);
    expect(sortForApply(objs).map((o) => o.kind)).toEqual(["ConfigMap", "Deployment"]);
    expect((objs[1] as unknown as { data: object }).data).toEqual({ TEAM: "orion", NS: "fd-x-orion", TAG: "1.1" });
    await expect(loadAppManifests(dir, "demo", { ...ctx, params: {} })).rejects.toThrow(/unknown param "tag"/);
    await expect(loadAppManifests(dir, "../etc", ctx)).rejects.toThrow(/invalid app name/);
    await rm(dir, { recursive: true, force: true });
  });

  it("loads the real TaskMaster baseline", async () => {
    const objs = await loadAppManifests("scenarios", "taskmaster", { params: {}, namespace: "fd-x-y", team: "y" });
    const names = objs.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(names).toEqual(expect.arrayContaining(["Deployment/frontend", "Deployment/backend", "Deployment/postgres", "Service/postgres"]));
  });
});

describe("deploymentAvailable", () => {
  const d = (spec: object, status: object, generation = 2) =>
    ({ metadata: { name: "d", generation }, spec, status }) as Parameters<typeof deploymentAvailable>[0];
  it.each([
    [d({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, availableReplicas: 2 }), true],
    [d({ replicas: 2 }, { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2 }), false],
    [d({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 1, availableReplicas: 2 }), false],
    [d({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, availableReplicas: 1 }), false],
    [d({}, { observedGeneration: 2, updatedReplicas: 1, availableReplicas: 1 }), true],
    [d({ replicas: 0 }, { observedGeneration: 2 }), true],
  ])("case %#", (dep, expected) => expect(deploymentAvailable(dep)).toBe(expected));
});

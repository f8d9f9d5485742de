import { describe, expect, it } from "vitest";
import {
  evaluateCondition,
  evaluateForbid,
  evaluateRecovery,
  FORBID_EVALUATORS,
  labelsMatch,
  parseLabelSelector,
  proxyChecksFor,
  RECOVERY_EVALUATORS,
  type EvaluationContext,
  type KubeObject,
  type NamespaceSnapshot,
} from "../../../server/src/engine/recovery.js";
import { BASE_RECOVERY_CONDITION_KINDS, FORBID_CONDITION_KINDS, type ForbidCondition, type RecoveryCondition } from "../../../server/src/scenarios/index.js";

// ---- factories (tests/ mirrors the source; small makers instead of fixtures) ----
function makeDeployment(name: string, o: { replicas?: number; ready?: number; updated?: number; total?: number; generation?: number; observed?: number; available?: boolean; deadlineExceeded?: boolean; image?: string; selector?: Record<string, string> } = {}): KubeObject {
  const replicas = o.replicas ?? 2;
  return {
    metadata: { name, generation: o.generation ?? 3 },
    spec: {
      replicas,
      selector: { matchLabels: o.selector ?? { app: name } },
      template: { spec: { containers: [{ name, image: o.image ?? `ghcr.io/firedrill-game/taskmaster-${name}:1.0` }] } },
    },
    status: {
      observedGeneration: o.observed ?? o.generation ?? 3,
      replicas: o.total ?? replicas,
      updatedReplicas: o.updated ?? replicas,
      readyReplicas: o.ready ?? replicas,
      availableReplicas: o.ready ?? replicas,
      conditions: [
        { type: "Available", status: o.available === false ? "False" : "True" },
        { type: "Progressing", status: o.deadlineExceeded ? "False" : "True", reason: o.deadlineExceeded ? "ProgressDeadlineExceeded" : "NewReplicaSetAvailable" },
      ],
    },
  };
}
function makePod(name: string, labels: Record<string, string>, o: { ready?: boolean; waiting?: string; deleting?: boolean } = {}): KubeObject {
  return {
    metadata: { name, labels, ...(o.deleting ? { deletionTimestamp: "2026-01-01T09:00:00Z" } : {}) },
    status: {
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }],
      containerStatuses: [{ name: "main", state: o.waiting ? { waiting: { reason: o.waiting } } : { running: {} } }],
    },
  };
}
const makeEndpoints = (name: string, addresses: number): KubeObject => ({
  metadata: { name },
  subsets: addresses ? [{ addresses: Array.from({ length: addresses }, (_, i) => ({ ip: `10.0.0.${i + 1}` })) }] : [],
});
const makeService = (name: string, selector: Record<string, string> = { app: name }, port = 80): KubeObject => ({
  metadata: { name },
  spec: { selector, ports: [{ name: "http", port }] },
});

function healthy(): NamespaceSnapshot {
  return {
    deployments: { frontend: makeDeployment("frontend"), backend: makeDeployment("backend") },
    pods: {
      "frontend-abc-1": makePod("frontend-abc-1", { app: "frontend" }),
      "frontend-abc-2": makePod("frontend-abc-2", { app: "frontend" }),
      "backend-def-1": makePod("backend-def-1", { app: "backend", tier: "api" }),
    },
    services: { frontend: makeService("frontend"), backend: makeService("backend") },
    endpoints: { frontend: makeEndpoints("frontend", 2), backend: makeEndpoints("backend", 1) },
    persistentvolumeclaims: { "postgres-data": { metadata: { name: "postgres-data" }, status: { phase: "Bound" } } },
    ingresses: {
      taskmaster: {
        metadata: { name: "taskmaster" },
        spec: { rules: [{ host: "taskmaster.local", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "frontend", port: { number: 80 } } } }] } }] },
      },
    },
    configmaps: { "backend-config": { metadata: { name: "backend-config" }, data: { DB_HOST: "postgres", DB_PORT: "5432" } } },
  };
}
const ctx = (patch: (s: Record<string, Record<string, KubeObject>>) => void = () => {}, proxy: Record<string, number> = { "frontend:/": 200 }): EvaluationContext => {
  const s = structuredClone(healthy()) as Record<string, Record<string, KubeObject>>;
  patch(s);
  return { snapshot: s, proxy };
};

describe("recovery conditions", () => {
  const cases: { name: string; condition: RecoveryCondition; ctx: EvaluationContext; ok: boolean; reason?: RegExp }[] = [
    { name: "deploymentAvailable: healthy", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx(), ok: true },
    { name: "deploymentAvailable: missing", condition: { deploymentAvailable: { name: "nope" } }, ctx: ctx(), ok: false, reason: /does not exist/ },
    { name: "deploymentAvailable: generation not observed", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { generation: 4, observed: 3 }))), ok: false, reason: /not observed generation 4/ },
    { name: "deploymentAvailable: rollout not updated", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { updated: 1 }))), ok: false, reason: /1\/2 replicas updated/ },
    { name: "deploymentAvailable: old pods left", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { total: 3 }))), ok: false, reason: /old replica/ },
    { name: "deploymentAvailable: not ready", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { ready: 1 }))), ok: false, reason: /1\/2 replicas ready/ },
    { name: "deploymentAvailable: minReady 1 accepts 1 ready", condition: { deploymentAvailable: { name: "frontend", minReady: 1 } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { ready: 1 }))), ok: true },
    { name: "deploymentAvailable: Available False", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { available: false }))), ok: false, reason: /Available/ },
    { name: "deploymentAvailable: ProgressDeadlineExceeded", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { deadlineExceeded: true }))), ok: false, reason: /ProgressDeadlineExceeded/ },
    { name: "deploymentAvailable: scaled to 0 is never available", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { replicas: 0 }))), ok: false, reason: /0\/1 replicas ready/ },
    { name: "deploymentAvailable: being deleted", condition: { deploymentAvailable: { name: "frontend" } }, ctx: ctx((s) => (s.deployments!.frontend!.metadata!.deletionTimestamp = "x")), ok: false },
    { name: "podsReady: all ready", condition: { podsReady: { selector: "app=frontend", noWaitingReason: true } }, ctx: ctx(), ok: true },
    { name: "podsReady: one not ready", condition: { podsReady: { selector: "app=frontend" } }, ctx: ctx((s) => (s.pods!["frontend-abc-2"] = makePod("frontend-abc-2", { app: "frontend" }, { ready: false }))), ok: false, reason: /frontend-abc-2 is not Ready/ },
    { name: "podsReady: waiting reason", condition: { podsReady: { selector: "app=frontend", noWaitingReason: true } }, ctx: ctx((s) => (s.pods!["frontend-abc-2"] = makePod("frontend-abc-2", { app: "frontend" }, { waiting: "ImagePullBackOff" }))), ok: false, reason: /ImagePullBackOff/ },
    { name: "podsReady: waiting ignored without noWaitingReason", condition: { podsReady: { selector: "app=frontend" } }, ctx: ctx((s) => (s.pods!["frontend-abc-2"] = makePod("frontend-abc-2", { app: "frontend" }, { waiting: "ImagePullBackOff" }))), ok: true },
    { name: "podsReady: terminating pods are ignored", condition: { podsReady: { selector: "app=frontend" } }, ctx: ctx((s) => (s.pods!["frontend-old"] = makePod("frontend-old", { app: "frontend" }, { ready: false, deleting: true }))), ok: true },
    { name: "podsReady: too few", condition: { podsReady: { selector: "app=frontend", min: 3 } }, ctx: ctx(), ok: false, reason: /2 found, need at least 3/ },
    { name: "podsReady: none match", condition: { podsReady: { selector: "app=nothing" } }, ctx: ctx(), ok: false },
    { name: "podsReady: multi-label selector", condition: { podsReady: { selector: "app=backend,tier=api" } }, ctx: ctx(), ok: true },
    { name: "serviceHasEndpoints: yes", condition: { serviceHasEndpoints: { service: "frontend", min: 2 } }, ctx: ctx(), ok: true },
    { name: "serviceHasEndpoints: empty", condition: { serviceHasEndpoints: { service: "frontend" } }, ctx: ctx((s) => (s.endpoints!.frontend = makeEndpoints("frontend", 0))), ok: false, reason: /0 ready endpoint/ },
    { name: "serviceHasEndpoints: no service", condition: { serviceHasEndpoints: { service: "ghost" } }, ctx: ctx(), ok: false, reason: /does not exist/ },
    { name: "httpViaProxy: 200 is 2xx", condition: { httpViaProxy: { service: "frontend", path: "/", status: "2xx" } }, ctx: ctx(), ok: true },
    { name: "httpViaProxy: 503", condition: { httpViaProxy: { service: "frontend", path: "/", status: "2xx" } }, ctx: ctx(undefined, { "frontend:/": 503 }), ok: false, reason: /answered 503/ },
    { name: "httpViaProxy: exact code", condition: { httpViaProxy: { service: "frontend", path: "/", status: 200 } }, ctx: ctx(), ok: true },
    { name: "httpViaProxy: no result yet", condition: { httpViaProxy: { service: "backend", port: "http", path: "/ready", status: "2xx" } }, ctx: ctx(), ok: false, reason: /no answer yet/ },
    { name: "httpViaProxy: with port key", condition: { httpViaProxy: { service: "backend", port: "http", path: "/ready", status: "2xx" } }, ctx: ctx(undefined, { "backend:http:/ready": 204 }), ok: true },
    { name: "pvcBound: bound", condition: { pvcBound: { name: "postgres-data" } }, ctx: ctx(), ok: true },
    { name: "pvcBound: pending", condition: { pvcBound: { name: "postgres-data" } }, ctx: ctx((s) => ((s.persistentvolumeclaims!["postgres-data"]!.status as { phase: string }).phase = "Pending")), ok: false, reason: /Pending/ },
    { name: "objectExists: yes", condition: { objectExists: { target: { kind: "ConfigMap", name: "backend-config" } } }, ctx: ctx(), ok: true },
    { name: "objectExists: no", condition: { objectExists: { target: { kind: "ConfigMap", name: "frontend-config" } } }, ctx: ctx(), ok: false },
    { name: "objectExists: unwatched kind says so", condition: { objectExists: { target: { kind: "ServiceAccount", name: "backend" } } }, ctx: ctx(), ok: false, reason: /serviceaccounts are not watched/ },
    { name: "fieldEquals: string", condition: { fieldEquals: { target: { kind: "ConfigMap", name: "backend-config" }, path: "data.DB_HOST", value: "postgres" } }, ctx: ctx(), ok: true },
    { name: "fieldEquals: different", condition: { fieldEquals: { target: { kind: "ConfigMap", name: "backend-config" }, path: "data.DB_PORT", value: 5432 } }, ctx: ctx(), ok: false, reason: /"5432", expected 5432/ },
    { name: "fieldEquals: object deep-equal", condition: { fieldEquals: { target: { kind: "Service", name: "frontend" }, path: "spec.selector", value: { app: "frontend" } } }, ctx: ctx(), ok: true },
    { name: "fieldMatches: list filter path", condition: { fieldMatches: { target: { kind: "Deployment", name: "frontend" }, path: "spec.template.spec.containers[name=frontend].image", pattern: ":1\\.[01]$" } }, ctx: ctx(), ok: true },
    { name: "fieldMatches: no match", condition: { fieldMatches: { target: { kind: "Deployment", name: "frontend" }, path: "spec.template.spec.containers[0].image", pattern: ":2\\.0$" } }, ctx: ctx(), ok: false, reason: /expected to match/ },
    { name: "fieldMatches: unset field", condition: { fieldMatches: { target: { kind: "Deployment", name: "frontend" }, path: "spec.paused", pattern: "true" } }, ctx: ctx(), ok: false, reason: /unset/ },
    { name: "ingressRoutes: healthy", condition: { ingressRoutes: { name: "taskmaster" } }, ctx: ctx(), ok: true },
    { name: "ingressRoutes: host + path filter", condition: { ingressRoutes: { name: "taskmaster", host: "taskmaster.local", path: "/" } }, ctx: ctx(), ok: true },
    { name: "ingressRoutes: no such rule", condition: { ingressRoutes: { name: "taskmaster", host: "other.local" } }, ctx: ctx(), ok: false, reason: /no rule for other.local/ },
    { name: "ingressRoutes: missing ingress", condition: { ingressRoutes: { name: "nope" } }, ctx: ctx(), ok: false, reason: /does not exist/ },
    { name: "ingressRoutes: backend service renamed away", condition: { ingressRoutes: { name: "taskmaster" } }, ctx: ctx((s) => delete s.services!.frontend), ok: false, reason: /service frontend does not exist/ },
    { name: "ingressRoutes: wrong port", condition: { ingressRoutes: { name: "taskmaster" } }, ctx: ctx((s) => (s.services!.frontend = makeService("frontend", { app: "frontend" }, 8080))), ok: false, reason: /has no port 80/ },
    { name: "ingressRoutes: no endpoints", condition: { ingressRoutes: { name: "taskmaster" } }, ctx: ctx((s) => (s.endpoints!.frontend = makeEndpoints("frontend", 0))), ok: false, reason: /0 ready endpoint/ },
    { name: "not: inverts", condition: { not: { objectExists: { target: { kind: "ConfigMap", name: "frontend-config" } } } }, ctx: ctx(), ok: true },
    { name: "not: inverted failure explains", condition: { not: { objectExists: { target: { kind: "ConfigMap", name: "backend-config" } } } }, ctx: ctx(), ok: false, reason: /expected not objectExists/ },
  ];
  it.each(cases)("$name", ({ condition, ctx: c, ok, reason }) => {
    const r = evaluateCondition(condition, c);
    expect(r.ok).toBe(ok);
    if (ok) expect(r.reasons).toEqual([]);
    else expect(r.reasons.length).toBeGreaterThan(0);
    if (reason) expect(r.reasons.join("\n")).toMatch(reason);
  });

  it("a bad selector or unknown kind fails with a reason instead of throwing", () => {
    expect(evaluateCondition({ podsReady: { selector: "a in (b" } }, ctx()).reasons[0]).toMatch(/podsReady: bad label selector/);
    expect(evaluateCondition({ bogus: {} } as unknown as RecoveryCondition, ctx()).reasons[0]).toMatch(/unknown recovery condition kind "bogus"/);
  });

  it("has an evaluator for every kind the scenarios schema defines (registries stay in step)", () => {
    expect(Object.keys(RECOVERY_EVALUATORS).sort()).toEqual([...Object.keys(BASE_RECOVERY_CONDITION_KINDS), "not"].sort());
    expect(Object.keys(FORBID_EVALUATORS).sort()).toEqual(Object.keys(FORBID_CONDITION_KINDS).sort());
  });
});

describe("forbid conditions", () => {
  const dep = { kind: "Deployment", name: "frontend" };
  const cases: { name: string; condition: ForbidCondition; ctx: EvaluationContext; holds: boolean; reason?: RegExp }[] = [
    { name: "objectMissing: present", condition: { objectMissing: { target: dep } }, ctx: ctx(), holds: false },
    { name: "objectMissing: deleted", condition: { objectMissing: { target: dep } }, ctx: ctx((s) => delete s.deployments!.frontend), holds: true, reason: /was deleted/ },
    { name: "objectMissing: unwatched kind holds and says why", condition: { objectMissing: { target: { kind: "Role", name: "r" } } }, ctx: ctx(), holds: true, reason: /roles are not watched/ },
    { name: "replicasBelow: 2 ≥ 2", condition: { replicasBelow: { target: dep, replicas: 2 } }, ctx: ctx(), holds: false },
    { name: "replicasBelow: scaled to 0", condition: { replicasBelow: { target: dep, replicas: 1 } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { replicas: 0 }))), holds: true, reason: /scaled to 0/ },
    { name: "replicasBelow: deleted counts as 0", condition: { replicasBelow: { target: dep, replicas: 1 } }, ctx: ctx((s) => delete s.deployments!.frontend), holds: true },
    { name: "imageNotIn: same repository, other tag", condition: { imageNotIn: { target: dep, repositories: ["ghcr.io/firedrill-game/taskmaster-frontend"] } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { image: "ghcr.io/firedrill-game/taskmaster-frontend:1.1" }))), holds: false },
    { name: "imageNotIn: replaced by nginx", condition: { imageNotIn: { target: dep, repositories: ["ghcr.io/firedrill-game/taskmaster-frontend"] } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { image: "nginx:1.27" }))), holds: true, reason: /runs nginx:1.27/ },
    { name: "imageNotIn: named container missing", condition: { imageNotIn: { target: dep, container: "web", repositories: ["x"] } }, ctx: ctx(), holds: true, reason: /no container web/ },
    { name: "imageNotIn: object missing does not hold", condition: { imageNotIn: { target: dep, repositories: ["x"] } }, ctx: ctx((s) => delete s.deployments!.frontend), holds: false },
    { name: "selectorChanged: service unchanged", condition: { selectorChanged: { target: { kind: "Service", name: "frontend" }, selector: { app: "frontend" } } }, ctx: ctx(), holds: false },
    { name: "selectorChanged: service repointed", condition: { selectorChanged: { target: { kind: "Service", name: "frontend" }, selector: { app: "frontend" } } }, ctx: ctx((s) => (s.services!.frontend = makeService("frontend", { app: "frontend", version: "x" }))), holds: true, reason: /selector is/ },
    { name: "selectorChanged: deployment matchLabels", condition: { selectorChanged: { target: dep, selector: { app: "frontend" } } }, ctx: ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { selector: { app: "fe" } }))), holds: true },
    { name: "not: holds while a recovery condition is false", condition: { not: { pvcBound: { name: "postgres-data" } } }, ctx: ctx((s) => delete s.persistentvolumeclaims!["postgres-data"]), holds: true, reason: /does not exist/ },
    { name: "not: clear while it is true", condition: { not: { pvcBound: { name: "postgres-data" } } }, ctx: ctx(), holds: false },
  ];
  it.each(cases)("$name", ({ condition, ctx: c, holds, reason }) => {
    const r = evaluateForbid(condition, c);
    expect(r.holds).toBe(holds);
    if (reason) expect(r.reasons.join("\n")).toMatch(reason);
  });
});

describe("evaluateRecovery", () => {
  const recovery = {
    all: [{ deploymentAvailable: { name: "frontend" } }, { httpViaProxy: { service: "frontend", path: "/", status: "2xx" as const } }] as RecoveryCondition[],
    forbid: [{ replicasBelow: { target: { kind: "Deployment", name: "frontend" }, replicas: 2 } }] as ForbidCondition[],
  };
  it("is ok when every condition holds and no forbid does", () => {
    const r = evaluateRecovery(recovery, ctx());
    expect(r).toMatchObject({ recoveryOk: true, forbidOk: true, reasons: [] });
    expect(r.conditions.map((c) => c.kind)).toEqual(["deploymentAvailable", "httpViaProxy"]);
  });
  it("lists every reason, forbids marked", () => {
    const r = evaluateRecovery(recovery, ctx((s) => (s.deployments!.frontend = makeDeployment("frontend", { replicas: 1 })), { "frontend:/": 502 }));
    expect(r.recoveryOk).toBe(false);
    expect(r.forbidOk).toBe(false);
    expect(r.reasons).toEqual(["GET frontend:/ through the service proxy answered 502, expected 2xx", "forbidden: Deployment/frontend scaled to 1 (below 2)"]);
  });
  it("proxyChecksFor finds every probe, including inside not, once", () => {
    const checks = proxyChecksFor({
      all: [...recovery.all, { httpViaProxy: { service: "frontend", path: "/", status: 200 } }, { not: { httpViaProxy: { service: "backend", port: 8080, path: "/x", status: "5xx" } } }],
      forbid: [{ not: { httpViaProxy: { service: "frontend", path: "/healthz", status: "2xx" } } }],
    });
    expect(checks).toEqual([
      { key: "frontend:/", service: "frontend", path: "/" },
      { key: "backend:8080:/x", service: "backend", port: 8080, path: "/x" },
      { key: "frontend:/healthz", service: "frontend", path: "/healthz" },
    ]);
  });
});

describe("label selectors", () => {
  it.each([
    ["app=frontend", { app: "frontend" }, true],
    ["app==frontend", { app: "frontend" }, true],
    ["app!=frontend", { app: "frontend" }, false],
    ["app!=frontend", {}, true],
    ["app", { app: "x" }, true],
    ["!app", { app: "x" }, false],
    ["app in (a, b)", { app: "b" }, true],
    ["app notin (a,b)", { app: "c" }, true],
    ["app in (a,b),tier=api", { app: "a", tier: "web" }, false],
  ] as const)("%s on %j → %s", (sel, labels, expected) => {
    expect(labelsMatch(labels, parseLabelSelector(sel))).toBe(expected);
  });
});

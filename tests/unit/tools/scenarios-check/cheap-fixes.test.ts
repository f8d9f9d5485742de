import { describe, expect, it } from "vitest";
import type { ForbidCondition } from "../../../../server/src/scenarios/index.js";
import { applyCheapFix, NoCheapFixModel, type MutableSnapshot } from "../../../../server/src/tools/scenarios-check/cheap-fixes/registry.js";
import { evaluateForbid } from "../../../../server/src/engine/recovery.js";

function healthy(): MutableSnapshot {
  return {
    deployments: {
      backend: {
        metadata: { name: "backend" },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "backend" } },
          template: {
            spec: {
              containers: [{ name: "backend", image: "ghcr.io/firedrill-game/taskmaster-backend:1.0", readinessProbe: { httpGet: { path: "/ready" }, periodSeconds: 5 } }],
              volumes: [{ name: "data", persistentVolumeClaim: { claimName: "postgres-data" } }],
            },
          },
        },
      },
    },
    services: { backend: { metadata: { name: "backend" }, spec: { selector: { app: "backend" } } } },
    networkpolicies: { "restrict-postgres": { metadata: { name: "restrict-postgres" } } },
  };
}

const backend = { kind: "Deployment", name: "backend" };

/** Each shortcut, applied to a healthy snapshot, makes exactly its forbid hold (checked with the game's evaluator). */
describe("cheap fixes: the shortcut each forbid exists to reject", () => {
  it.each<[string, ForbidCondition, string]>([
    ["objectMissing", { objectMissing: { target: { kind: "NetworkPolicy", name: "restrict-postgres" } } }, "kubectl delete networkpolicy restrict-postgres"],
    ["replicasBelow", { replicasBelow: { target: backend, replicas: 2 } }, "kubectl scale deployment/backend --replicas=1"],
    ["imageNotIn", { imageNotIn: { target: backend, container: "backend", repositories: ["ghcr.io/firedrill-game/taskmaster-backend"] } }, "kubectl set image deployment/backend backend=docker.io/library/nginx:1.27"],
    ["selectorChanged", { selectorChanged: { target: { kind: "Service", name: "backend" }, selector: { app: "backend" } } }, 'kubectl patch service backend (selector → {"app":"backend","firedrill.io/shortcut":"true"})'],
    [
      "not fieldMatches",
      { not: { fieldMatches: { target: backend, path: "spec.template.spec.containers[name=backend].readinessProbe.periodSeconds", pattern: "^[0-9]+$" } } },
      "remove Deployment/backend spec.template.spec.containers[name=backend].readinessProbe.periodSeconds",
    ],
    [
      "not fieldEquals",
      { not: { fieldEquals: { target: backend, path: "spec.template.spec.volumes[name=data].persistentVolumeClaim.claimName", value: "postgres-data" } } },
      'set Deployment/backend spec.template.spec.volumes[name=data].persistentVolumeClaim.claimName to "postgres-data-shortcut"',
    ],
    ["not objectExists", { not: { objectExists: { target: { kind: "Service", name: "backend" } } } }, "kubectl delete service backend"],
  ])("%s", (_, forbid, words) => {
    const ctx = (snapshot: MutableSnapshot) => ({ snapshot, proxy: {} });
    const before = healthy();
    expect(evaluateForbid(forbid, ctx(before)).holds).toBe(false);
    const after = healthy();
    expect(applyCheapFix(forbid, after)).toBe(words);
    expect(evaluateForbid(forbid, ctx(after)).holds).toBe(true);
  });

  it("says so instead of guessing when there is no model", () => {
    expect(() => applyCheapFix({ not: { podsReady: { selector: "app=backend" } } } as ForbidCondition, healthy())).toThrow(NoCheapFixModel);
    expect(() => applyCheapFix({ replicasBelow: { target: { kind: "Deployment", name: "ghost" }, replicas: 1 } }, healthy())).toThrow(
      "Deployment/ghost is not in the watched baseline",
    );
  });

  it("an imageNotIn that allows the stand-in image is not triggered by it (the self-test then fails the scenario)", () => {
    const forbid: ForbidCondition = { imageNotIn: { target: backend, repositories: ["ghcr.io/firedrill-game/taskmaster-backend", "docker.io/library/nginx"] } };
    const s = healthy();
    applyCheapFix(forbid, s);
    expect(evaluateForbid(forbid, { snapshot: s, proxy: {} }).holds).toBe(false);
  });
});

/**
 * Golden outputs for the network-level fault classes on TaskMaster: Service selector mismatch, targetPort
 * mismatch, NetworkPolicy block, wrong DNS name in env, RBAC-forbidden app, Ingress to a missing backend.
 * See harness.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { golden, startGoldenRun, type GoldenCase, type GoldenRun } from "./harness.js";

const proxy = (svc: string, path: string) => ["get", "--raw", `/api/v1/namespaces/$NS/services/${svc}/proxy${path}`];

const CASES: GoldenCase[] = [
  {
    name: "service-selector-mismatch",
    title: "frontend Service selects app=front-end: no endpoints, the services proxy answers 503",
    taskmaster: true,
    commands: [["get", "pods", "--show-labels"], ["get", "svc", "frontend", "-o", "wide"], ["get", "endpoints", "frontend"], ["describe", "svc", "frontend"], proxy("frontend:80", "/")],
  },
  {
    name: "targetport-mismatch",
    title: "backend Service targetPort 9090 where nothing listens: endpoints on 9090, connections refused",
    taskmaster: true,
    commands: [["get", "pods"], ["get", "endpoints", "backend"], proxy("backend:8080", "/api/tasks"), proxy("frontend:80", "/api/tasks")],
  },
  {
    name: "networkpolicy-block",
    title: "a NetworkPolicy admits only app=api to postgres: the backend times out and goes unready",
    taskmaster: true,
    commands: [["get", "pods"], ["get", "networkpolicy"], ["logs", "@pod:app=backend", "--tail=3"], ["get", "endpoints", "backend"], proxy("frontend:80", "/api/tasks")],
  },
  {
    name: "wrong-dns",
    title: "backend DB_HOST=postgres-db, a Service that does not exist: ENOTFOUND, the new pod never gets Ready",
    taskmaster: true,
    commands: [["get", "pods"], ["logs", "@pod:app=backend", "--tail=3"], ["describe", "pod", "@pod:app=backend"]],
  },
  {
    name: "rbac-forbidden",
    title: "backend's Role grants secrets, not configmaps: its API read is forbidden and it goes unready",
    taskmaster: true,
    commands: [["get", "pods"], ["logs", "@pod:app=backend", "--tail=6"], ["auth", "can-i", "get", "configmaps", "--as=system:serviceaccount:$NS:backend"], ["describe", "role", "backend-config-reader"]],
  },
  {
    name: "ingress-missing-backend",
    title: "the Ingress routes to Service frontend-svc, which does not exist",
    taskmaster: true,
    commands: [["get", "ingress"], ["describe", "ingress", "taskmaster"], ["get", "svc"]],
  },
];

let run: GoldenRun;
beforeAll(async () => {
  run = await startGoldenRun(CASES);
});
afterAll(async () => {
  await run?.stop();
});

describe("golden: network faults", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const actual = await run.output(c);
    expect(actual).toBe(golden(c.name, actual));
  });
});

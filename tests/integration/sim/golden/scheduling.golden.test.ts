/**
 * Golden outputs for the scheduling and admission fault classes: pending PVC, insufficient resources,
 * nodeSelector mismatch, quota exceeded, and a stuck rollout (progress deadline). See harness.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { golden, startGoldenRun, type GoldenCase, type GoldenRun } from "./harness.js";

const events = ["get", "events", "--sort-by=.lastTimestamp"];

const CASES: GoldenCase[] = [
  {
    name: "pending-pvc",
    title: "a PVC on a StorageClass that does not exist: claim Pending, pod unschedulable",
    taskmaster: false,
    commands: [["get", "pods"], ["get", "pvc"], events, ["describe", "pod", "@pod:app=web"]],
  },
  {
    name: "insufficient-resources",
    title: "pods request 3 CPUs, nodes have 2: FailedScheduling Insufficient cpu",
    taskmaster: false,
    commands: [["get", "pods"], events, ["describe", "pod", "@pod:app=web"]],
  },
  {
    name: "nodeselector-mismatch",
    title: "nodeSelector disktype=ssd matches no node: FailedScheduling",
    taskmaster: false,
    commands: [["get", "pods", "-o", "wide"], events],
  },
  {
    name: "quota-exceeded",
    title: "a ResourceQuota of 2 pods / 200m CPU and 3 replicas: the ReplicaSet's third create is forbidden",
    taskmaster: false,
    commands: [["get", "pods"], ["get", "deploy", "web"], events, ["describe", "quota", "compute"]],
  },
  {
    name: "stuck-rollout",
    title: "frontend rolled to a missing tag with a 60 s progress deadline: ProgressDeadlineExceeded",
    taskmaster: true,
    commands: [["get", "deploy"], ["get", "rs", "-l", "app=frontend"], ["rollout", "status", "deployment/frontend"], ["describe", "deploy", "frontend"]],
  },
];

let run: GoldenRun;
beforeAll(async () => {
  run = await startGoldenRun(CASES);
});
afterAll(async () => {
  await run?.stop();
});

describe("golden: scheduling, quota and rollout faults", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const actual = await run.output(c);
    expect(actual).toBe(golden(c.name, actual));
  });
});

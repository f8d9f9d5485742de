/**
 * Golden outputs for the pod-level fault classes on TaskMaster: image pull, crash loop, missing ConfigMap,
 * missing Secret, missing key, OOMKilled, liveness failure, readiness failure. See harness.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { golden, startGoldenRun, type GoldenCase, type GoldenRun } from "./harness.js";

const warnings = ["get", "events", "--sort-by=.lastTimestamp", "--field-selector", "type=Warning"];

const CASES: GoldenCase[] = [
  {
    name: "image-pull",
    title: "frontend rolled to a tag that does not exist (ErrImagePull → ImagePullBackOff)",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=frontend"], ["get", "pod", "@pod:app=frontend", "-o", "jsonpath={.status.containerStatuses[0].state.waiting}"]],
  },
  {
    name: "crash-loop",
    title: "backend exits 1 at start (DB_PORT not a number): CrashLoopBackOff",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=backend"], ["logs", "@pod:app=backend", "--previous"]],
  },
  {
    name: "missing-configmap",
    title: "backend envFrom a ConfigMap that does not exist: CreateContainerConfigError",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=backend"]],
  },
  {
    name: "missing-secret",
    title: "backend secretKeyRef to a Secret that does not exist: CreateContainerConfigError",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=backend"]],
  },
  {
    name: "missing-key",
    title: "frontend configMapKeyRef to a key the ConfigMap lacks: CreateContainerConfigError",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=frontend"]],
  },
  {
    name: "oomkilled",
    title: "backend memory limit 64Mi below its use: OOMKilled, then CrashLoopBackOff",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=backend"]],
  },
  {
    name: "liveness-failure",
    title: "backend liveness probe on a 404 path: Unhealthy, Killing, restarts",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=backend"]],
  },
  {
    name: "readiness-failure",
    title: "frontend readiness probe on a closed port: Running 0/1, rollout stuck",
    taskmaster: true,
    commands: [["get", "pods"], warnings, ["describe", "pod", "@pod:app=frontend"], ["get", "endpoints", "frontend"]],
  },
];

let run: GoldenRun;
beforeAll(async () => {
  run = await startGoldenRun(CASES);
});
afterAll(async () => {
  await run?.stop();
});

describe("golden: pod faults", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const actual = await run.output(c);
    expect(actual).toBe(golden(c.name, actual));
  });
});

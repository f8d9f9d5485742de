import { describe, expect, it } from "vitest";
import { podCells } from "../../../../server/src/sim/resources/pod-status.js";

const NOW = Date.parse("2026-01-01T10:00:00Z");
const running = { running: { startedAt: "2026-01-01T09:00:00Z" } };

function pod(status: Record<string, unknown>, extra: { spec?: Record<string, unknown>; deletionTimestamp?: string } = {}) {
  return {
    metadata: { name: "p", creationTimestamp: "2026-01-01T09:00:00Z", deletionTimestamp: extra.deletionTimestamp },
    spec: { containers: [{ name: "app" }], ...(extra.spec ?? {}) },
    status,
  };
}

describe("podCells (upstream printPod)", () => {
  const cases: { name: string; pod: unknown; want: { ready: string; status: string; restarts: string } }[] = [
    { name: "pending with no statuses", pod: pod({ phase: "Pending" }), want: { ready: "0/1", status: "Pending", restarts: "0" } },
    {
      name: "running and ready",
      pod: pod({ phase: "Running", containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: running }] }),
      want: { ready: "1/1", status: "Running", restarts: "0" },
    },
    {
      name: "waiting reason wins over phase",
      pod: pod({ phase: "Pending", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } }] }),
      want: { ready: "0/1", status: "ImagePullBackOff", restarts: "0" },
    },
    {
      name: "CrashLoopBackOff with restarts and last restart age",
      pod: pod({
        phase: "Running",
        containerStatuses: [
          { name: "app", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-01-01T09:59:20Z" } } },
        ],
      }),
      want: { ready: "0/1", status: "CrashLoopBackOff", restarts: "4 (40s ago)" },
    },
    {
      name: "OOMKilled terminated reason",
      pod: pod({ phase: "Running", containerStatuses: [{ name: "app", ready: false, restartCount: 1, state: { terminated: { exitCode: 137, reason: "OOMKilled" } }, lastState: { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: "2026-01-01T09:55:00Z" } } }] }),
      want: { ready: "0/1", status: "OOMKilled", restarts: "1 (5m ago)" },
    },
    {
      name: "terminated without reason shows the exit code",
      pod: pod({ phase: "Failed", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }),
      want: { ready: "0/1", status: "ExitCode:2", restarts: "0" },
    },
    {
      name: "Completed",
      pod: pod({ phase: "Succeeded", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] }),
      want: { ready: "0/1", status: "Completed", restarts: "0" },
    },
    {
      name: "Terminating when deletionTimestamp is set on a non-terminal pod",
      pod: pod({ phase: "Running", containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: running }] }, { deletionTimestamp: "2026-01-01T09:59:59Z" }),
      want: { ready: "1/1", status: "Terminating", restarts: "0" },
    },
    {
      name: "init container still running shows Init:0/1",
      pod: pod(
        { phase: "Pending", initContainerStatuses: [{ name: "init", ready: false, restartCount: 0, state: running }], containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } }] },
        { spec: { initContainers: [{ name: "init" }] } },
      ),
      want: { ready: "0/1", status: "Init:0/1", restarts: "0" },
    },
    {
      name: "init container crash loop",
      pod: pod(
        { phase: "Pending", initContainerStatuses: [{ name: "init", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] },
        { spec: { initContainers: [{ name: "init" }] } },
      ),
      want: { ready: "0/1", status: "Init:CrashLoopBackOff", restarts: "3" },
    },
    {
      name: "init container failed with exit code",
      pod: pod({ phase: "Pending", initContainerStatuses: [{ name: "init", restartCount: 0, state: { terminated: { exitCode: 1 } } }] }, { spec: { initContainers: [{ name: "init" }] } }),
      want: { ready: "0/1", status: "Init:ExitCode:1", restarts: "0" },
    },
    {
      name: "two containers, one ready",
      pod: pod(
        { phase: "Running", containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: running }, { name: "b", ready: false, restartCount: 0, state: running }] },
        { spec: { containers: [{ name: "a" }, { name: "b" }] } },
      ),
      want: { ready: "1/2", status: "Running", restarts: "0" },
    },
    {
      name: "status.reason (Evicted) replaces the phase",
      pod: pod({ phase: "Failed", reason: "Evicted" }),
      want: { ready: "0/1", status: "Evicted", restarts: "0" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(podCells(c.pod, NOW)).toEqual(c.want);
    });
  }
});

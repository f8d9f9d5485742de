/**
 * The pod STATUS / READY / RESTARTS cells, following upstream printPod (pkg/printers/internalversion):
 * init containers first (`Init:N/M`, `Init:<reason>`), then regular containers in reverse order where a
 * waiting reason beats a terminated reason beats exit code/signal; `Terminating` when the pod has a
 * deletionTimestamp and is not in a terminal phase.
 */
import { formatAge } from "../../core/duration.js";

// Plain JSON objects straight from the store; every field may be missing.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

const NODE_UNREACHABLE_POD_REASON = "NodeLost";

function isRestartableInit(c: Json): boolean {
  return c?.restartPolicy === "Always";
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function podCells(pod: Json, nowMs: number): PodCells {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const initSpecs: Json[] = spec.initContainers ?? [];
  const initByName = new Map<string, Json>(initSpecs.map((c) => [c.name, c]));
  let totalContainers = (spec.containers ?? []).length;
  for (const c of initSpecs) if (isRestartableInit(c)) totalContainers++;

  let restarts = 0;
  let restartableInitRestarts = 0;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;
  const phase: string = st.phase ?? "";
  let reason: string = st.reason || phase;
  for (const cond of st.conditions ?? []) {
    if (cond.type === "PodScheduled" && cond.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  let initializing = false;
  const initStatuses: Json[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    lastRestart = later(lastRestart, finished);
    const restartable = isRestartableInit(initByName.get(c.name));
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, finished);
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== "PodInitializing") {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (st.conditions ?? []).some((c: Json) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: Json[] = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const ready = (st.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }

  if (pod.metadata?.deletionTimestamp && st.reason === NODE_UNREACHABLE_POD_REASON) reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart) restartsStr = `${restarts} (${formatAge(nowMs - Date.parse(lastRestart))} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

/**
 * The pod lifecycle as data, in the spirit of KWOK's stages: each row is one transition the simulated
 * kubelet makes, with its delay (simulated time) and jitter. pod-worker.ts follows this table; the
 * image catalog decides which branch (pull ok / not found, app ok / crash) a container takes.
 * Durations are simulated time: a ScaledClock speeds them up.
 */
export interface Stage {
  /** What the kubelet is waiting for before the next write. */
  readonly description: string;
  readonly delayMs: number;
  /** Uniform extra delay in [0, jitterMs), from the seeded random source. */
  readonly jitterMs: number;
}

export const STAGES = {
  /** Scheduled pod → sandbox up (podIP, PodReadyToStartContainers) once volumes mount. */
  sandbox: { description: "create the pod sandbox and mount volumes", delayMs: 300, jitterMs: 400 },
  /** Image present → `Created`. */
  create: { description: "create the container", delayMs: 100, jitterMs: 100 },
  /** `Created` → `Started`, state.running. */
  start: { description: "start the container", delayMs: 50, jitterMs: 100 },
  /** A failed pull → state ImagePullBackOff and the BackOff event (next pod sync). */
  pullFailureSync: { description: "next pod sync after a failed pull", delayMs: 800, jitterMs: 400 },
  /** A fatal error logged → the process is gone. */
  fatalExit: { description: "process exits after a fatal error", delayMs: 100, jitterMs: 100 },
  /** Container exited → restart or CrashLoopBackOff (next pod sync). */
  exitSync: { description: "next pod sync after a container exited", delayMs: 800, jitterMs: 400 },
  /** SIGTERM → the process has exited (bounded by the grace period). */
  stop: { description: "process handles SIGTERM and exits", delayMs: 400, jitterMs: 300 },
  /** A default command that ends at once (busybox `sh` without a terminal). */
  quickExit: { description: "short-lived default command", delayMs: 20, jitterMs: 30 },
} as const satisfies Record<string, Stage>;

export type StageName = keyof typeof STAGES;

/** Image pull back-off: 10 s doubling to 300 s (kubelet's `backOffPeriod` / `MaxContainerBackOff`). */
export const IMAGE_PULL_BACKOFF_INITIAL_MS = 10_000;
export const IMAGE_PULL_BACKOFF_MAX_MS = 300_000;
/** Restart back-off of crashing containers: 10 s doubling to 300 s, reset after 10 min of running. */
export const CRASH_BACKOFF_INITIAL_MS = 10_000;
export const CRASH_BACKOFF_MAX_MS = 300_000;
export const CRASH_BACKOFF_RESET_MS = 600_000;
/** How often a pod stuck on config (CreateContainerConfigError) or in back-off is synced again. */
export const POD_RESYNC_MS = 10_000;
/** FailedMount retries: 500 ms doubling to 2m2s (kubelet's volume manager exponential back-off). */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;
/** Probe defaults from the Pod API. */
export const PROBE_DEFAULT_PERIOD_S = 10;
export const PROBE_DEFAULT_FAILURE_THRESHOLD = 3;
export const PROBE_DEFAULT_SUCCESS_THRESHOLD = 1;
/** A probe worker's first run comes this long after initialDelaySeconds, plus jitter (kubelet spreads probes). */
export const PROBE_FIRST_RUN_MIN_MS = 500;
export const PROBE_FIRST_RUN_JITTER_MS = 500;
/** An OOM kill happens while the app is still loading: this fraction into its start time. */
export const OOM_AT_START_FRACTION = 0.6;
/** Exit code of a process killed by SIGKILL (OOM killer). */
export const OOM_EXIT_CODE = 137;
/** Exit code containerd reports when the executable cannot be started. */
export const START_ERROR_EXIT_CODE = 128;
/** Lines kept per container instance (current and previous). */
export const MAX_LOG_LINES = 5_000;
/** User agent of kubelet HTTP probes (appears in access logs). */
export const PROBE_USER_AGENT = "kube-probe/1.32";

/** Doubles a back-off from `initial` up to `max` (0 → initial). */
export function nextBackoff(current: number, initial: number, max: number): number {
  return current <= 0 ? initial : Math.min(current * 2, max);
}

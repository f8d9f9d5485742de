/**
 * One scheduled pod on a simulated node: sandbox and volumes, image pulls with back-off, container
 * config, start, the app's behaviour from the image catalog (fatal env errors, OOM, crashing
 * dependencies), probes, restarts with CrashLoopBackOff, and graceful termination. Every step writes
 * the pod status and records the kubelet's events, worded as kubelet 1.32 words them.
 */
import type { Clock, Logger, RandomSource, TimerHandle } from "../../core/index.js";
import type { ImageCatalog, ImageSpec, TagSpec } from "../../scenarios/image-catalog.js";
import type { EventRecorder } from "../events/index.js";
import type { GroupVersionResource, KubeObject, ObjectStore, SimObjectStore } from "../store/types.js";
import { qosClass } from "../controllers/pod-util.js";
import { parseMilli } from "../controllers/quantity.js";
import { renderTemplate, memoryUseBytes, type TemplateContext } from "./app-model.js";
import { resolveEnv, missingVolumes, mountedFiles, expandVars, type ConfigLookup, type MountedFiles } from "./container-config.js";
import { defaultPullPolicy, imageDigest, parseImageRef, type ImageRef } from "../../core/image-ref.js";
import { LogBuffer } from "./log-buffer.js";
import { resolvePull, pulledMessage } from "./pull.js";
import { execArgv, standardFiles, type ShellContext } from "./shell.js";
import type { AppNetwork } from "./app-network.js";
import {
  STAGES,
  type StageName,
  IMAGE_PULL_BACKOFF_INITIAL_MS,
  IMAGE_PULL_BACKOFF_MAX_MS,
  CRASH_BACKOFF_INITIAL_MS,
  CRASH_BACKOFF_MAX_MS,
  CRASH_BACKOFF_RESET_MS,
  POD_RESYNC_MS,
  MOUNT_RETRY_INITIAL_MS,
  MOUNT_RETRY_MAX_MS,
  PROBE_DEFAULT_PERIOD_S,
  PROBE_DEFAULT_FAILURE_THRESHOLD,
  PROBE_DEFAULT_SUCCESS_THRESHOLD,
  OOM_AT_START_FRACTION,
  OOM_EXIT_CODE,
  START_ERROR_EXIT_CODE,
  PROBE_FIRST_RUN_MIN_MS,
  PROBE_FIRST_RUN_JITTER_MS,
  nextBackoff,
} from "./stages.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };

export interface WorkerHost {
  store: ObjectStore;
  clock: Clock;
  catalog: ImageCatalog;
  random: RandomSource;
  logger: Logger;
  recorder: EventRecorder;
  lookup: ConfigLookup;
  net: AppNetwork;
  nodeIp(nodeName: string): string;
  allocatePodIp(nodeName: string): string;
  imageCache(nodeName: string): Set<string>;
  /** `KUBERNETES_SERVICE_HOST`, `<SVC>_SERVICE_HOST`… for containers of a namespace. */
  serviceLinks(namespace: string, enabled: boolean): Record<string, string>;
  hasPullSecret(pod: KubeObject): { ok: boolean; missing: string[] };
}

interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

type ContainerState = { waiting: { reason: string; message?: string } } | { running: { startedAt: string } } | { terminated: Terminated };

interface ProbeCounters {
  successes: number;
  failures: number;
}

/** The running process of a container instance. */
export interface Proc {
  startedAt: number;
  argv: string[];
  mode: "app" | "script";
  image: ImageSpec;
  tag: TagSpec;
  env: Record<string, string>;
  files: MountedFiles;
  /** "starting" until the app's start time has passed. */
  phase: "starting" | "running";
  timers: TimerHandle[];
  /** Last logged state per dependency (for ok/failed transition lines). */
  depOk: Map<string, boolean>;
}

export interface Slot {
  name: string;
  spec: Json;
  /** An init container (sidecars: `restartPolicy: Always`, done once started). */
  init: boolean;
  /** Init containers: finished successfully (or a sidecar that started). */
  done: boolean;
  state: ContainerState;
  lastState?: Terminated;
  restartCount: number;
  ready: boolean;
  started: boolean;
  imageID: string;
  containerID?: string;
  resolved?: { ref: ImageRef; image: ImageSpec; tag: TagSpec; imageID: string };
  pullBackoffMs: number;
  lastPullError?: string;
  crashBackoffMs: number;
  /** [previous, current] log buffers. */
  logs: LogBuffer[];
  proc?: Proc;
  /** Lifecycle timers (pull, back-off, create); cancelled on restart/termination. */
  timers: TimerHandle[];
  probeTimers: TimerHandle[];
  probe: { readiness: ProbeCounters; liveness: ProbeCounters; startup: ProbeCounters };
  /** Bumped on every (re)start and kill so stale timers do nothing. */
  epoch: number;
}

/** How a container's process behaves: the image's app, a shell/command override, a default command that exits, or the app binary with wrong arguments. */
type ProcessMode = "app" | "script" | "default-exit" | "bad-args";

const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
const newCounters = () => ({ successes: 0, failures: 0 });
const ZERO_TIME = "1970-01-01T00:00:00Z";
/** User agent of wget/curl run through `kubectl exec` (shows in access logs). */
const SHELL_USER_AGENT = "curl/8.11.0";

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The `back-off 1m20s restarting failed container=…` duration, as Go prints it. */
function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

export class PodWorker {
  readonly uid: string;
  pod: KubeObject;
  readonly slots: Slot[];
  readonly initSlots: Slot[];
  podIp?: string;
  hostIp: string;
  private sandboxReady = false;
  private mountBackoffMs = 0;
  private podTimers: TimerHandle[] = [];
  private terminating = false;
  private terminationQueued = false;
  private gone = false;
  private conditionTimes = new Map<string, { status: string; time: string }>();
  private startTime: string;

  constructor(
    private readonly host: WorkerHost,
    pod: KubeObject,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.hostIp = host.nodeIp(this.nodeName);
    this.startTime = isoSeconds(host.clock.now());
    this.initSlots = ((pod as Json).spec?.initContainers ?? []).map((c: Json) => this.newSlot(c, true));
    const firstReason = this.initSlots.length ? "PodInitializing" : "ContainerCreating";
    this.slots = ((pod as Json).spec?.containers ?? []).map((c: Json) => this.newSlot(c, false, firstReason));
    const existing = (pod as Json).status;
    if (existing?.podIP) this.podIp = existing.podIP;
  }

  get nodeName(): string {
    return (this.pod as Json).spec.nodeName;
  }
  get namespace(): string {
    return this.pod.metadata.namespace ?? "default";
  }
  get name(): string {
    return this.pod.metadata.name;
  }

  private newSlot(spec: Json, init: boolean, reason = init ? "PodInitializing" : "ContainerCreating"): Slot {
    return {
      name: spec.name,
      spec,
      init,
      done: false,
      state: { waiting: { reason } },
      restartCount: 0,
      ready: false,
      started: false,
      imageID: "",
      pullBackoffMs: 0,
      crashBackoffMs: 0,
      logs: [new LogBuffer()],
      timers: [],
      probeTimers: [],
      probe: { readiness: newCounters(), liveness: newCounters(), startup: newCounters() },
      epoch: 0,
    };
  }

  // ------------------------------------------------------------------ scheduling helpers

  private stageDelay(stage: StageName): number {
    const s = STAGES[stage];
    return s.delayMs + Math.floor(this.host.random() * s.jitterMs);
  }

  private after(list: TimerHandle[], delayMs: number, fn: () => void): void {
    const handle = this.host.clock.setTimeout(() => {
      const i = list.indexOf(handle);
      if (i >= 0) list.splice(i, 1);
      if (this.gone) return;
      try {
        fn();
      } catch (err) {
        this.host.logger.warn({ err, pod: `${this.namespace}/${this.name}` }, "kubelet step failed");
      }
    }, delayMs);
    list.push(handle);
  }

  /** A timer tied to one container instance: ignored when the container restarted meanwhile. */
  private afterSlot(slot: Slot, delayMs: number, fn: () => void): void {
    const epoch = slot.epoch;
    this.after(slot.timers, delayMs, () => {
      if (slot.epoch === epoch) fn();
    });
  }

  private afterProc(slot: Slot, proc: Proc, delayMs: number, fn: () => void): void {
    this.after(proc.timers, delayMs, () => {
      if (slot.proc === proc) fn();
    });
  }

  private event(type: "Normal" | "Warning", reason: string, message: string, container?: string): void {
    const list = this.initSlots.some((s) => s.name === container) ? "initContainers" : "containers";
    this.host.recorder.record(this.pod, type, reason, message, { component: "kubelet", host: this.nodeName }, container ? { fieldPath: `spec.${list}{${container}}` } : undefined);
  }

  /** Init containers first, then the app containers. */
  allSlots(): Slot[] {
    return [...this.initSlots, ...this.slots];
  }

  findSlot(name: string): Slot | undefined {
    return this.allSlots().find((s) => s.name === name);
  }

  private get initialized(): boolean {
    return this.initSlots.every((s) => s.done);
  }

  /** Appends to the container's current log. */
  appendLog(slot: Slot, text: string): void {
    slot.logs[slot.logs.length - 1]!.append(this.host.clock.now(), text);
  }

  templateContext(slot: Slot, vars?: Record<string, string | number>): TemplateContext {
    return {
      now: this.host.clock.now(),
      env: slot.proc?.env ?? {},
      tag: slot.proc?.tag ?? slot.resolved?.tag,
      pod: this.name,
      namespace: this.namespace,
      podIp: this.podIp,
      hostIp: this.hostIp,
      vars,
    };
  }

  render(slot: Slot, text: string, vars?: Record<string, string | number>): string {
    return renderTemplate(text, this.templateContext(slot, vars));
  }

  // ------------------------------------------------------------------ status

  private condition(type: string, status: string, extra: Record<string, string> = {}): Json {
    const now = isoSeconds(this.host.clock.now());
    const prev = this.conditionTimes.get(type);
    const time = prev && prev.status === status ? prev.time : now;
    this.conditionTimes.set(type, { status, time });
    return { type, status, lastProbeTime: null, lastTransitionTime: time, ...extra };
  }

  private phase(): string {
    const policy = (this.pod as Json).spec?.restartPolicy ?? "Always";
    if (!this.initialized) {
      const failed = policy === "Never" && this.initSlots.some((s) => "terminated" in s.state && s.state.terminated.exitCode !== 0);
      return failed ? "Failed" : "Pending";
    }
    const everStarted = this.slots.some((s) => "running" in s.state || s.restartCount > 0 || ("terminated" in s.state && s.state.terminated.reason !== "StartError"));
    if (policy !== "Always") {
      const allDone = this.slots.every((s) => "terminated" in s.state && (policy === "Never" || s.state.terminated.exitCode === 0));
      if (allDone && this.slots.length) {
        return this.slots.every((s) => "terminated" in s.state && s.state.terminated.exitCode === 0) ? "Succeeded" : "Failed";
      }
    }
    return everStarted ? "Running" : "Pending";
  }

  private containerStatus(slot: Slot): Json {
    const st: Json = {
      name: slot.name,
      state: slot.state,
      lastState: slot.lastState ? { terminated: slot.lastState } : {},
      ready: slot.ready,
      restartCount: slot.restartCount,
      image: slot.spec.image,
      imageID: slot.imageID,
      started: slot.started,
    };
    if (slot.containerID) st.containerID = slot.containerID;
    return st;
  }

  buildStatus(): Json {
    const existing = (this.pod as Json).status ?? {};
    const notReady = this.slots.filter((s) => !s.ready).map((s) => s.name);
    const allReady = notReady.length === 0 && !this.terminating;
    const readyExtra: Record<string, string> = allReady ? {} : { reason: "ContainersNotReady", message: `containers with unready status: [${notReady.join(" ")}]` };
    const scheduled = (existing.conditions ?? []).find((c: Json) => c.type === "PodScheduled") ?? this.condition("PodScheduled", "True");
    const incomplete = this.initSlots.filter((s) => !s.done).map((s) => s.name);
    const initExtra: Record<string, string> = incomplete.length ? { reason: "ContainersNotInitialized", message: `containers with incomplete status: [${incomplete.join(" ")}]` } : {};
    const status: Json = {
      phase: this.phase(),
      conditions: [
        this.condition("PodReadyToStartContainers", this.sandboxReady ? "True" : "False"),
        this.condition("Initialized", incomplete.length ? "False" : "True", initExtra),
        this.condition("Ready", allReady ? "True" : "False", readyExtra),
        this.condition("ContainersReady", allReady ? "True" : "False", readyExtra),
        scheduled,
      ],
      hostIP: this.hostIp,
      hostIPs: [{ ip: this.hostIp }],
      startTime: existing.startTime ?? this.startTime,
      containerStatuses: this.slots.map((s) => this.containerStatus(s)),
      ...(this.initSlots.length ? { initContainerStatuses: this.initSlots.map((s) => this.containerStatus(s)) } : {}),
      qosClass: qosClass((this.pod as Json).spec),
    };
    if (this.podIp) {
      status.podIP = this.podIp;
      status.podIPs = [{ ip: this.podIp }];
    }
    return status;
  }

  private writeStatus(): void {
    if (this.gone) return;
    // read-only (the write sends a spread copy): a deep copy per status write was garbage at 10 000 pods
    const current = readPod(this.host.store, this.namespace, this.name);
    if (!current || current.metadata.uid !== this.uid) return;
    const status = this.buildStatus();
    if (JSON.stringify(status) === JSON.stringify((current as Json).status)) return;
    try {
      const written = this.host.store.update(PODS, { ...current, status } as KubeObject, { subresource: "status", fieldManager: "kubelet" });
      // keep the store's frozen object when it is this same version, not a private copy per worker (live heap)
      const stored = readPod(this.host.store, this.namespace, this.name);
      this.pod = stored && stored.metadata.resourceVersion === written.metadata.resourceVersion ? (stored as KubeObject) : written;
    } catch (err) {
      this.host.logger.debug({ err, pod: this.name }, "pod status write failed");
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /** Called for the pod's first appearance on this node. */
  begin(): void {
    this.writeStatus();
    this.after(this.podTimers, this.stageDelay("sandbox"), () => this.trySandbox());
  }

  /** A watch update: termination or an image change. */
  update(pod: KubeObject): void {
    if (this.gone) return;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) {
      // React on the next tick, as a real kubelet does: a status write from inside the store's
      // delete fan-out would land before the store has armed the pod's grace period.
      if (!this.terminationQueued) {
        this.terminationQueued = true;
        this.after(this.podTimers, 0, () => this.terminate());
      }
      return;
    }
    if (this.terminating) return;
    const specs: Json[] = (pod as Json).spec?.containers ?? [];
    for (const slot of this.slots) {
      const spec = specs.find((c) => c.name === slot.name);
      if (!spec || spec.image === slot.spec.image) {
        if (spec) slot.spec = spec;
        continue;
      }
      // kubelet restarts a container whose spec hash changed (e.g. `kubectl set image pod/...`)
      slot.spec = spec;
      slot.pullBackoffMs = 0;
      slot.resolved = undefined;
      if (slot.proc) this.kill(slot, `Container ${slot.name} definition changed, will be restarted`, () => this.restart(slot));
      else if (this.sandboxReady && this.initialized) {
        this.cancelSlot(slot);
        this.ensureImage(slot);
      }
    }
  }

  private trySandbox(): void {
    const failures = missingVolumes(this.pod, this.host.lookup);
    if (failures.length) {
      for (const f of failures) this.event("Warning", "FailedMount", `MountVolume.SetUp failed for volume "${f.volume}" : ${f.message}`);
      this.mountBackoffMs = nextBackoff(this.mountBackoffMs, MOUNT_RETRY_INITIAL_MS, MOUNT_RETRY_MAX_MS);
      this.after(this.podTimers, this.mountBackoffMs, () => this.trySandbox());
      return;
    }
    this.podIp ??= this.host.allocatePodIp(this.nodeName);
    this.sandboxReady = true;
    this.writeStatus();
    this.startNextInit();
  }

  /** Init containers run one at a time, in order; the app containers start once all are done. */
  private startNextInit(): void {
    if (this.terminating) return;
    const next = this.initSlots.find((s) => !s.done);
    if (next) {
      this.ensureImage(next);
      return;
    }
    this.writeStatus();
    for (const slot of this.slots) this.ensureImage(slot);
  }

  private setWaiting(slot: Slot, reason: string, message?: string): void {
    slot.state = { waiting: message === undefined ? { reason } : { reason, message } };
    slot.ready = false;
    slot.started = false;
  }

  private ensureImage(slot: Slot): void {
    const image: string = slot.spec.image ?? "";
    const ref = parseImageRef(image);
    if (!ref) {
      const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
      this.event("Warning", "InspectFailed", msg, slot.name);
      this.event("Warning", "Failed", "Error: InvalidImageName", slot.name);
      this.setWaiting(slot, "InvalidImageName", msg);
      this.writeStatus();
      return;
    }
    const policy: string = slot.spec.imagePullPolicy ?? defaultPullPolicy(image);
    const cache = this.host.imageCache(this.nodeName);
    if (policy !== "Always" && cache.has(ref.normalized)) {
      const found = this.host.catalog.resolve(ref);
      if (found) {
        slot.resolved = { ...found, imageID: `${ref.repository}@${imageDigest(`${ref.repository}:${found.tag.name}`)}` };
        this.event("Normal", "Pulled", `Container image "${image}" already present on machine`, slot.name);
        this.afterSlot(slot, this.stageDelay("create"), () => this.createContainer(slot));
        return;
      }
    }
    if (policy === "Never") {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event("Warning", "ErrImageNeverPull", msg, slot.name);
      this.setWaiting(slot, "ErrImageNeverPull", msg);
      this.writeStatus();
      this.afterSlot(slot, POD_RESYNC_MS, () => this.ensureImage(slot));
      return;
    }
    const secrets = this.host.hasPullSecret(this.pod);
    if (secrets.missing.length) {
      this.event("Warning", "FailedToRetrieveImagePullSecret", `Unable to retrieve some image pull secrets (${secrets.missing.join(", ")}); attempting to pull the image may not succeed.`);
    }
    this.event("Normal", "Pulling", `Pulling image "${image}"`, slot.name);
    const outcome = resolvePull({ catalog: this.host.catalog, image, hasPullSecret: secrets.ok, random: this.host.random });
    const delay = outcome.ok ? outcome.durationMs : 300 + Math.floor(this.host.random() * 700);
    this.afterSlot(slot, delay, () => {
      if (outcome.ok) {
        cache.add(outcome.ref.normalized);
        slot.pullBackoffMs = 0;
        slot.resolved = { ref: outcome.ref, image: outcome.image, tag: outcome.tag, imageID: outcome.imageID };
        this.event("Normal", "Pulled", pulledMessage(image, outcome.durationMs, outcome.sizeBytes), slot.name);
        this.afterSlot(slot, this.stageDelay("create"), () => this.createContainer(slot));
        return;
      }
      this.event("Warning", "Failed", `Failed to pull image "${image}": ${outcome.message}`, slot.name);
      this.event("Warning", "Failed", "Error: ErrImagePull", slot.name);
      this.setWaiting(slot, "ErrImagePull", outcome.message);
      slot.lastPullError = outcome.message;
      slot.pullBackoffMs = nextBackoff(slot.pullBackoffMs, IMAGE_PULL_BACKOFF_INITIAL_MS, IMAGE_PULL_BACKOFF_MAX_MS);
      const retryAt = this.host.clock.now() + slot.pullBackoffMs;
      this.writeStatus();
      this.afterSlot(slot, this.stageDelay("pullFailureSync"), () => this.pullBackoff(slot, retryAt));
    });
  }

  /** ImagePullBackOff until `retryAt`, re-reporting on every pod sync, then pull again. */
  private pullBackoff(slot: Slot, retryAt: number): void {
    const image: string = slot.spec.image;
    const now = this.host.clock.now();
    if (now >= retryAt) {
      this.ensureImage(slot);
      return;
    }
    this.event("Normal", "BackOff", `Back-off pulling image "${image}"`, slot.name);
    this.event("Warning", "Failed", "Error: ImagePullBackOff", slot.name);
    this.setWaiting(slot, "ImagePullBackOff", `Back-off pulling image "${image}": ErrImagePull: ${slot.lastPullError ?? ""}`);
    this.writeStatus();
    this.afterSlot(slot, Math.min(POD_RESYNC_MS, retryAt - now), () => this.pullBackoff(slot, retryAt));
  }

  /** The argv the container runs and whether that is the image's own app. */
  private processFor(slot: Slot, image: ImageSpec): { argv: string[]; mode: ProcessMode } {
    const command: string[] | undefined = slot.spec.command;
    const args: string[] | undefined = slot.spec.args;
    if (!command && !args) {
      return { argv: [...image.entrypoint, ...image.cmd], mode: image.app ? "app" : image.defaultExit ? "default-exit" : "script" };
    }
    const argv = command ? [...command, ...(args ?? [])] : [...image.entrypoint, ...args!];
    if (image.app) {
      if (sameStrings(argv, [...image.entrypoint, ...image.cmd]) || sameStrings(argv, image.cmd)) return { argv, mode: "app" };
      if (!command && args![0]?.startsWith("-")) return { argv, mode: "app" };
    }
    // entrypoint wrappers (docker-entrypoint.sh) exec "$@"
    const run = !command && image.entrypoint.length && /entrypoint/.test(image.entrypoint[0]!) ? args! : argv;
    const appBinary = image.cmd[0]?.split("/").pop();
    if (image.app?.otherArgs && appBinary && run[0]?.split("/").pop() === appBinary) return { argv: run, mode: "bad-args" };
    return { argv: run, mode: "script" };
  }

  private createContainer(slot: Slot): void {
    if (this.terminating) return;
    const resolved = slot.resolved!;
    const env = resolveEnv(this.pod, slot.spec, this.host.lookup);
    if (!env.ok) {
      this.event("Warning", "Failed", `Error: ${env.message}`, slot.name);
      this.setWaiting(slot, "CreateContainerConfigError", env.message);
      this.writeStatus();
      this.afterSlot(slot, POD_RESYNC_MS, () => this.ensureImage(slot));
      return;
    }
    const { argv, mode } = this.processFor(slot, resolved.image);
    // the image ID shows once a container was created from it
    slot.imageID = resolved.imageID;
    slot.containerID = `containerd://${Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(this.host.random() * 16)]).join("")}`;
    const buffer = slot.logs[slot.logs.length - 1]!;
    if (buffer.containerId) slot.logs = [buffer, new LogBuffer()];
    slot.logs[slot.logs.length - 1]!.containerId = slot.containerID;
    this.event("Normal", "Created", `Created container: ${slot.name}`, slot.name);
    const exe = argv[0] ?? "";
    const binaries = [...resolved.image.binaries, ...resolved.image.entrypoint.slice(0, 1)];
    const overridden = slot.spec.command !== undefined || slot.spec.args !== undefined;
    if (overridden && (!exe || !binaries.some((b) => b === exe || b.split("/").pop() === exe.split("/").pop()))) {
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${exe}": executable file not found in $PATH: unknown`;
      this.event("Warning", "Failed", `Error: ${msg}`, slot.name);
      const now = this.host.clock.now();
      slot.epoch++;
      slot.state = { terminated: { exitCode: START_ERROR_EXIT_CODE, reason: "StartError", message: msg, startedAt: ZERO_TIME, finishedAt: isoSeconds(now), containerID: slot.containerID } };
      slot.ready = false;
      slot.started = false;
      this.writeStatus();
      this.afterSlot(slot, this.stageDelay("exitSync"), () => this.afterExit(slot, now));
      return;
    }
    const fullEnv = { ...this.baseEnv(slot), ...env.env };
    this.afterSlot(slot, this.stageDelay("start"), () => this.startProcess(slot, argv, mode, fullEnv));
  }

  /** What every container's env has besides its spec: PATH, HOSTNAME, service links. */
  private baseEnv(slot: Slot): Record<string, string> {
    return {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HOSTNAME: this.name,
      ...this.host.serviceLinks(this.namespace, (this.pod as Json).spec?.enableServiceLinks !== false),
      HOME: slot.spec.securityContext?.runAsUser ? "/" : "/root",
    };
  }

  private startProcess(slot: Slot, argv: string[], mode: ProcessMode, env: Record<string, string>): void {
    if (this.terminating) return;
    const resolved = slot.resolved!;
    const now = this.host.clock.now();
    slot.epoch++;
    const files = mountedFiles(this.pod, slot.spec, this.host.lookup, `sim-token-${this.namespace}-${(this.pod as Json).spec?.serviceAccountName ?? "default"}`);
    const proc: Proc = {
      startedAt: now,
      argv,
      mode: mode === "app" ? "app" : "script",
      image: resolved.image,
      tag: resolved.tag,
      env,
      files,
      phase: "starting",
      timers: [],
      depOk: new Map(),
    };
    slot.proc = proc;
    slot.state = { running: { startedAt: isoSeconds(now) } };
    slot.ready = false;
    slot.started = false;
    this.event("Normal", "Started", `Started container ${slot.name}`, slot.name);
    if (mode === "app") this.runApp(slot, proc);
    else if (mode === "default-exit") {
      const exit = resolved.image.defaultExit!;
      for (const line of exit.log) this.appendLog(slot, line);
      this.afterProc(slot, proc, this.stageDelay("quickExit"), () => this.exited(slot, exit.exitCode));
    } else if (mode === "bad-args") {
      const bad = resolved.image.app!.otherArgs!;
      for (const line of bad.log) this.appendLog(slot, this.render(slot, line, { arg1: argv[1] ?? "", args: argv.slice(1).join(" ") }));
      this.afterProc(slot, proc, this.stageDelay("fatalExit"), () => this.exited(slot, bad.exitCode));
    } else this.runScriptProcess(slot, proc);
    this.startProbes(slot);
    this.writeStatus();
  }

  private runScriptProcess(slot: Slot, proc: Proc): void {
    const r = execArgv(proc.argv, this.shellContext(slot));
    if ("notFound" in r) return; // checked before start
    const out = (r.stdout + r.stderr).replace(/\n$/, "");
    if (out) this.appendLog(slot, out);
    proc.phase = "running";
    // a loop waiting on a condition (`until nslookup db; do sleep 2; done`): look again later
    if (r.pollMs !== undefined) {
      this.afterProc(slot, proc, r.pollMs, () => this.runScriptProcess(slot, proc));
      return;
    }
    if (r.runsForMs === Infinity) return;
    this.afterProc(slot, proc, Math.max(r.runsForMs, this.stageDelay("quickExit")), () => this.exited(slot, r.exitCode));
  }

  private runApp(slot: Slot, proc: Proc): void {
    const app = proc.image.app!;
    const tag = proc.tag;
    const fatal = (lines: string[], code: number, vars?: Record<string, string | number>) => {
      for (const l of lines) this.appendLog(slot, this.render(slot, l, vars));
      this.afterProc(slot, proc, this.stageDelay("fatalExit"), () => this.exited(slot, code));
    };
    if (tag.crash) {
      const crash = tag.crash;
      this.afterProc(slot, proc, crash.after, () => fatal(crash.log, crash.exitCode));
    }
    for (const req of app.env) {
      const value = proc.env[req.name];
      if (!value || (req.pattern && !new RegExp(req.pattern).test(value))) {
        fatal(req.log, req.exitCode);
        return;
      }
    }
    for (const req of app.files) {
      if (!proc.files.has(req.path)) {
        fatal(req.log, req.exitCode);
        return;
      }
    }
    for (const l of app.logs.startup) this.appendLog(slot, this.render(slot, l));
    const limit = slot.spec.resources?.limits?.memory;
    if (limit !== undefined && parseMilli(limit) / 1000 < memoryUseBytes(proc.image, tag)) {
      this.afterProc(slot, proc, Math.max(50, Math.round(app.startTime * OOM_AT_START_FRACTION)), () => this.exited(slot, OOM_EXIT_CODE, "OOMKilled"));
      return;
    }
    for (const dep of app.dependencies.tcp) {
      if (dep.onFailure === "degrade") continue;
      const st = this.host.net.checkTcp(this, proc, dep);
      if (!st.ok && (dep.onFailure === "crash" || st.kind === "nxdomain")) {
        fatal(dep.crashLog.length ? dep.crashLog : dep.log ? [dep.log] : [], dep.exitCode, st.vars);
        return;
      }
    }
    for (const dep of app.dependencies.kubernetesApi) {
      if (dep.onFailure !== "crash") continue;
      const st = this.host.net.checkApi(this, proc, dep);
      if (!st.ok) {
        fatal([dep.log], dep.exitCode, { error: st.error });
        return;
      }
    }
    this.afterProc(slot, proc, app.startTime, () => {
      proc.phase = "running";
      for (const l of app.logs.ready) this.appendLog(slot, this.render(slot, l));
      if (app.logs.steady) {
        const steady = app.logs.steady;
        const tick = () => {
          for (const l of steady.lines) this.appendLog(slot, this.render(slot, l));
          this.afterProc(slot, proc, steady.every, tick);
        };
        this.afterProc(slot, proc, steady.every, tick);
      }
    });
    // dependency checks the app keeps making (and logging) while it runs
    for (const dep of app.dependencies.tcp) {
      if (!dep.log && !dep.okLog) continue;
      const check = () => {
        const st = this.host.net.checkTcp(this, proc, dep);
        this.logDependency(slot, proc, dep.name, st.ok, st.ok ? dep.okLog : dep.log, st.vars);
        this.afterProc(slot, proc, dep.retryEvery, check);
      };
      this.afterProc(slot, proc, 1, check);
    }
    for (const dep of app.dependencies.kubernetesApi) {
      const check = () => {
        const st = this.host.net.checkApi(this, proc, dep);
        this.logDependency(slot, proc, dep.name, st.ok, st.ok ? dep.okLog : dep.log, { error: st.ok ? "" : st.error });
        this.afterProc(slot, proc, dep.retryEvery, check);
      };
      this.afterProc(slot, proc, 1, check);
    }
  }

  private logDependency(slot: Slot, proc: Proc, name: string, ok: boolean, template: string | undefined, vars: Record<string, string | number>): void {
    const prev = proc.depOk.get(name);
    proc.depOk.set(name, ok);
    if (!template) return;
    // failures are logged on every retry; success only when it changes
    if (!ok || prev !== true) this.appendLog(slot, this.render(slot, template, vars));
  }

  /** The process ended on its own (or was OOM-killed). */
  private exited(slot: Slot, exitCode: number, reason?: string): void {
    const proc = slot.proc;
    if (!proc) return;
    const now = this.host.clock.now();
    this.stopProc(slot);
    slot.state = {
      terminated: {
        exitCode,
        reason: reason ?? (exitCode === 0 ? "Completed" : "Error"),
        startedAt: isoSeconds(proc.startedAt),
        finishedAt: isoSeconds(now),
        containerID: slot.containerID,
      },
    };
    if (now - proc.startedAt >= CRASH_BACKOFF_RESET_MS) slot.crashBackoffMs = 0;
    this.writeStatus();
    if (this.terminating) {
      this.maybeFinish();
      return;
    }
    this.afterSlot(slot, this.stageDelay("exitSync"), () => this.afterExit(slot, now));
  }

  private stopProc(slot: Slot): void {
    const proc = slot.proc;
    if (!proc) return;
    for (const t of proc.timers) t.cancel();
    proc.timers.length = 0;
    for (const t of slot.probeTimers) t.cancel();
    slot.probeTimers.length = 0;
    slot.proc = undefined;
    slot.ready = false;
    slot.started = false;
    slot.logs[slot.logs.length - 1]!.end();
  }

  private cancelSlot(slot: Slot): void {
    slot.epoch++;
    for (const t of slot.timers) t.cancel();
    slot.timers.length = 0;
  }

  /** Restart policy and CrashLoopBackOff after a container ended. */
  private afterExit(slot: Slot, finishedAt: number): void {
    if (!("terminated" in slot.state) || this.terminating) return;
    const policy = (this.pod as Json).spec?.restartPolicy ?? "Always";
    const code = slot.state.terminated.exitCode;
    if (slot.init && code === 0) {
      slot.done = true;
      this.startNextInit();
      return;
    }
    // a failed init container is retried unless the pod never restarts
    if (policy === "Never" || (!slot.init && policy === "OnFailure" && code === 0)) return;
    if (slot.crashBackoffMs === 0) {
      slot.crashBackoffMs = CRASH_BACKOFF_INITIAL_MS;
      this.restart(slot);
      return;
    }
    const retryAt = finishedAt + slot.crashBackoffMs;
    slot.lastState = slot.state.terminated;
    this.crashLoop(slot, retryAt);
  }

  private crashLoop(slot: Slot, retryAt: number): void {
    const now = this.host.clock.now();
    if (now >= retryAt) {
      slot.crashBackoffMs = nextBackoff(slot.crashBackoffMs, CRASH_BACKOFF_INITIAL_MS, CRASH_BACKOFF_MAX_MS);
      this.restart(slot);
      return;
    }
    const podRef = `${this.name}_${this.namespace}(${this.uid})`;
    this.event("Warning", "BackOff", `Back-off restarting failed container ${slot.name} in pod ${podRef}`, slot.name);
    this.setWaiting(slot, "CrashLoopBackOff", `back-off ${goSeconds(slot.crashBackoffMs)} restarting failed container=${slot.name} pod=${podRef}`);
    this.writeStatus();
    this.afterSlot(slot, Math.min(POD_RESYNC_MS, retryAt - now), () => this.crashLoop(slot, retryAt));
  }

  private restart(slot: Slot): void {
    if (this.terminating) return;
    if ("terminated" in slot.state) slot.lastState = slot.state.terminated;
    slot.restartCount++;
    slot.logs = [slot.logs[slot.logs.length - 1]!, new LogBuffer()];
    this.cancelSlot(slot);
    this.ensureImage(slot);
  }

  /** SIGTERM with the given Killing message; `then` runs once the process is gone. */
  private kill(slot: Slot, message: string, then?: () => void): void {
    const proc = slot.proc;
    if (!proc) {
      then?.();
      return;
    }
    this.event("Normal", "Killing", message, slot.name);
    for (const t of slot.probeTimers) t.cancel();
    slot.probeTimers.length = 0;
    const app = proc.mode === "app" ? proc.image.app : undefined;
    for (const l of app?.logs.shutdown ?? []) this.appendLog(slot, this.render(slot, l));
    const graceMs = ((this.pod as Json).spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const code = proc.mode === "app" ? (app?.stopExitCode ?? 0) : 137;
    const delay = Math.min(graceMs, this.stageDelay("stop"));
    this.after(proc.timers, delay, () => {
      if (slot.proc !== proc) return;
      if (!then) {
        this.exited(slot, code);
        return;
      }
      // exited outside the restart policy path: the caller decides what comes next
      const now = this.host.clock.now();
      this.stopProc(slot);
      slot.state = { terminated: { exitCode: code, reason: code === 0 ? "Completed" : "Error", startedAt: isoSeconds(proc.startedAt), finishedAt: isoSeconds(now), containerID: slot.containerID } };
      this.writeStatus();
      then();
    });
  }

  // ------------------------------------------------------------------ probes

  private startProbes(slot: Slot): void {
    const spec = slot.spec;
    slot.probe = { readiness: newCounters(), liveness: newCounters(), startup: newCounters() };
    if (spec.startupProbe) {
      this.probeLoop(slot, "startup", spec.startupProbe);
      return;
    }
    this.markStarted(slot);
  }

  private markStarted(slot: Slot): void {
    slot.started = true;
    if (slot.init && slot.spec.restartPolicy === "Always" && !slot.done) {
      slot.done = true;
      this.startNextInit();
    }
    const spec = slot.spec;
    if (spec.readinessProbe) this.probeLoop(slot, "readiness", spec.readinessProbe);
    else slot.ready = true;
    if (spec.livenessProbe) this.probeLoop(slot, "liveness", spec.livenessProbe);
    this.writeStatus();
  }

  private probeLoop(slot: Slot, kind: "readiness" | "liveness" | "startup", probe: Json): void {
    const proc = slot.proc;
    if (!proc) return;
    const period = (probe.periodSeconds ?? PROBE_DEFAULT_PERIOD_S) * 1000;
    const failureThreshold = probe.failureThreshold ?? PROBE_DEFAULT_FAILURE_THRESHOLD;
    const successThreshold = probe.successThreshold ?? PROBE_DEFAULT_SUCCESS_THRESHOLD;
    const label = kind[0]!.toUpperCase() + kind.slice(1);
    const run = () => {
      if (slot.proc !== proc) return;
      const result = this.host.net.probe(this, slot, probe);
      const c = slot.probe[kind];
      if (result.ok) {
        c.successes++;
        c.failures = 0;
      } else {
        c.failures++;
        c.successes = 0;
        this.event("Warning", "Unhealthy", `${label} probe ${result.errored ? "errored" : "failed"}: ${result.message}`, slot.name);
      }
      const h = this.host.clock.setTimeout(() => {
        const i = slot.probeTimers.indexOf(h);
        if (i >= 0) slot.probeTimers.splice(i, 1);
        if (!this.gone) run();
      }, period);
      slot.probeTimers.push(h);
      if (kind === "readiness") {
        const ready = result.ok ? (c.successes >= successThreshold ? true : slot.ready) : c.failures >= failureThreshold ? false : slot.ready;
        if (ready !== slot.ready) {
          slot.ready = ready;
          this.writeStatus();
        }
      } else if (kind === "startup") {
        if (result.ok && c.successes >= successThreshold) {
          for (const t of slot.probeTimers) t.cancel();
          slot.probeTimers.length = 0;
          this.markStarted(slot);
        } else if (!result.ok && c.failures >= failureThreshold) {
          this.kill(slot, `Container ${slot.name} failed startup probe, will be restarted`);
        }
      } else if (!result.ok && c.failures >= failureThreshold) {
        this.kill(slot, `Container ${slot.name} failed liveness probe, will be restarted`);
      }
    };
    const h = this.host.clock.setTimeout(() => {
      const i = slot.probeTimers.indexOf(h);
      if (i >= 0) slot.probeTimers.splice(i, 1);
      if (!this.gone) run();
    }, (probe.initialDelaySeconds ?? 0) * 1000 + PROBE_FIRST_RUN_MIN_MS + Math.floor(this.host.random() * PROBE_FIRST_RUN_JITTER_MS));
    slot.probeTimers.push(h);
  }

  // ------------------------------------------------------------------ network & exec facts

  /** TCP ports accepting connections now (apps bind at start when they answer while starting). */
  listening(): number[] {
    const ports: number[] = [];
    for (const slot of this.allSlots()) {
      const proc = slot.proc;
      const app = proc?.mode === "app" ? proc.image.app : undefined;
      if (!app) continue;
      for (const p of app.ports) {
        if (proc!.phase === "running" || app.endpoints.some((e) => e.port === p && e.starting)) ports.push(p);
      }
    }
    return ports;
  }

  /** The container whose app listens on `port`. */
  slotForPort(port: number): Slot | undefined {
    return this.allSlots().find((s) => s.proc?.mode === "app" && s.proc.image.app!.ports.includes(port));
  }

  shellContext(slot: Slot, stdin?: string): ShellContext {
    const proc = slot.proc;
    const image = proc?.image ?? slot.resolved?.image;
    const files = new Map<string, string>([
      // image files templated from the env at start (the nginx image's envsubst on its templates)
      ...Object.entries(image?.files ?? {}).map(([path, content]): [string, string] => [path, expandVars(content, proc?.env ?? {})]),
      ...standardFiles({ namespace: this.namespace, hostname: this.name, podIp: this.podIp ?? "" }),
      ...(proc?.files ?? new Map()),
    ]);
    const processes = [{ pid: 1, user: "root", command: proc?.argv.join(" ") ?? "" }];
    (proc?.mode === "app" ? (proc.image.app?.extraProcesses ?? []) : []).forEach((c, i) => processes.push({ pid: 29 + i, user: "root", command: c }));
    return {
      binaries: image?.binaries ?? [],
      env: proc?.env ?? {},
      files,
      hostname: this.name,
      workingDir: slot.spec.workingDir ?? image?.workingDir ?? "/",
      processes,
      resolve: (h) => this.host.net.resolveFrom(this.pod, h),
      httpGet: (url, method) => this.host.net.httpFrom({ pod: this.pod }, url, method, 0, SHELL_USER_AGENT),
      tcpConnect: (h, p) => this.host.net.tcpFrom(this.pod, h, p),
      postgresAccepting: image?.repository.endsWith("/postgres") ? () => this.slots.some((s) => s.proc?.image.repository.endsWith("/postgres") && s.proc.phase === "running") : undefined,
      now: this.host.clock.now(),
      stdin,
    };
  }

  // ------------------------------------------------------------------ termination

  private terminate(): void {
    this.terminating = true;
    for (const t of [...this.podTimers]) t.cancel();
    this.podTimers.length = 0;
    for (const slot of this.allSlots()) {
      this.cancelSlot(slot);
      if (slot.proc) this.kill(slot, `Stopping container ${slot.name}`);
    }
    this.writeStatus();
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (!this.terminating || this.allSlots().some((s) => s.proc)) return;
    const current = readPod(this.host.store, this.namespace, this.name);
    if (!current || current.metadata.uid !== this.uid) return;
    try {
      this.host.store.delete(PODS, this.namespace, this.name, { gracePeriodSeconds: 0, preconditionUid: this.uid });
    } catch (err) {
      this.host.logger.debug({ err, pod: this.name }, "pod removal failed");
    }
  }

  /** The pod left the store: stop everything. */
  destroy(): void {
    this.gone = true;
    for (const t of this.podTimers) t.cancel();
    for (const slot of this.allSlots()) {
      for (const t of [...slot.timers, ...slot.probeTimers, ...(slot.proc?.timers ?? [])]) t.cancel();
      slot.logs[slot.logs.length - 1]!.end();
    }
  }

}

/** The stored pod for reading only: the sim store's frozen object (`peek`) when it has one, else a copy. */
function readPod(store: ObjectStore, namespace: string, name: string): Readonly<KubeObject> | undefined {
  return "peek" in store ? (store as SimObjectStore).peek(PODS, namespace, name) : store.get(PODS, namespace, name);
}

/**
 * The kubelet side of the pod subresources (sim/runtime.ts): logs (current and `--previous`),
 * exec through the simulated shell, and the API server's services/pods proxy answered by the app
 * model. Errors are the Status messages kube-apiserver and the kubelet give.
 */
import type { Clock } from "../../core/index.js";
import type { ExecRequest, ExecResult, LogLine, LogRequest, PodRuntime, ProxyRequest, ProxyResponse } from "../runtime.js";
import type { GroupVersionResource, KubeObject, ObjectStore, StatusErrorShape } from "../store/types.js";
import type { Kubelet } from "./kubelet.js";
import type { LogBuffer } from "./log-buffer.js";
import { serviceEndpoints, connect } from "./network.js";
import type { PodWorker, Slot } from "./pod-worker.js";
import { execArgv } from "./shell.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };
const SERVICES: GroupVersionResource = { group: "", version: "v1", resource: "services" };
/** The address API server → pod traffic comes from (the control-plane node), for NetworkPolicy. */
export const API_SERVER_SOURCE_IP = "172.18.0.2";
const PROXY_USER_AGENT = "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd";

function status(code: number, reason: StatusErrorShape["reason"], message: string, details?: StatusErrorShape["details"]): StatusErrorShape {
  return details ? { code, reason, message, details } : { code, reason, message };
}

function statusBody(code: number, reason: string, message: string): ProxyResponse {
  return {
    status: code,
    contentType: "application/json",
    body: JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code }),
  };
}

function isStatus(x: unknown): x is StatusErrorShape {
  return typeof (x as StatusErrorShape).code === "number" && !(x as KubeObject).metadata;
}

function filterLines(lines: LogLine[], req: LogRequest, now: number): LogLine[] {
  let out = lines;
  if (req.sinceSeconds !== undefined) out = out.filter((l) => l.at >= now - req.sinceSeconds! * 1000);
  if (req.tailLines !== undefined) out = req.tailLines <= 0 ? [] : out.slice(-req.tailLines);
  return out;
}

export class KubeletPodRuntime implements PodRuntime {
  constructor(
    private readonly kubelet: Kubelet,
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  private findPod(namespace: string, name: string): KubeObject | StatusErrorShape {
    const pod = this.store.get(PODS, namespace, name);
    return pod ?? status(404, "NotFound", `pods "${name}" not found`, { name, kind: "pods" });
  }

  private findSlot(req: { namespace: string; pod: string; container: string }): { worker: PodWorker; slot: Slot } | StatusErrorShape {
    const pod = this.findPod(req.namespace, req.pod);
    if (isStatus(pod)) return pod;
    const containers: Json[] = [...((pod as Json).spec?.initContainers ?? []), ...((pod as Json).spec?.containers ?? [])];
    if (!containers.some((c) => c.name === req.container)) {
      return status(400, "BadRequest", `container ${req.container} is not valid for pod ${req.pod}`);
    }
    const worker = this.kubelet.workers.get(pod.metadata.uid!);
    if (!worker) {
      if (!(pod as Json).spec?.nodeName) return status(400, "BadRequest", `pod ${req.pod} does not have a host assigned`);
      return status(400, "BadRequest", `container "${req.container}" in pod "${req.pod}" is waiting to start: ContainerCreating`);
    }
    return { worker, slot: worker.findSlot(req.container)! };
  }

  /** The log buffer a request reads, as the kubelet picks the container instance. */
  private buffer(req: LogRequest): LogBuffer | StatusErrorShape {
    const found = this.findSlot(req);
    if (isStatus(found)) return found;
    const { slot } = found;
    const byId = (id?: string) => slot.logs.find((b) => b.containerId && b.containerId === id);
    if (req.previous) {
      const prev = slot.lastState ? byId(slot.lastState.containerID) : undefined;
      return prev ?? status(400, "BadRequest", `previous terminated container "${req.container}" in pod "${req.pod}" not found`);
    }
    if (slot.proc) return slot.logs[slot.logs.length - 1]!;
    const state = slot.state as Json;
    if (state.terminated) return byId(state.terminated.containerID) ?? slot.logs[slot.logs.length - 1]!;
    // a waiting container that ran before serves its last terminated instance
    const last = slot.lastState ? byId(slot.lastState.containerID) : undefined;
    if (last) return last;
    const reason: string = state.waiting?.reason ?? "ContainerCreating";
    const why = reason === "ImagePullBackOff" ? "trying and failing to pull image" : reason === "ErrImagePull" ? "image can't be pulled" : reason;
    return status(400, "BadRequest", `container "${req.container}" in pod "${req.pod}" is waiting to start: ${why}`);
  }

  readLogs(req: LogRequest): LogLine[] | StatusErrorShape {
    const buf = this.buffer(req);
    if (isStatus(buf)) return buf;
    return filterLines(buf.lines, req, this.clock.now());
  }

  /** Emits the current lines (after tail/since) first, then new ones until the container stops. */
  followLogs(req: LogRequest, onLine: (line: LogLine) => void, onEnd: () => void): { stop(): void } | StatusErrorShape {
    const buf = this.buffer(req);
    if (isStatus(buf)) return buf;
    for (const l of filterLines(buf.lines, req, this.clock.now())) onLine(l);
    return buf.follow(onLine, onEnd);
  }

  exec(req: ExecRequest): Promise<ExecResult> | StatusErrorShape {
    const found = this.findSlot(req);
    if (isStatus(found)) return found;
    const { worker, slot } = found;
    if (!slot.proc) return status(400, "BadRequest", `container not found ("${req.container}")`);
    const r = execArgv(req.command, worker.shellContext(slot, req.stdin));
    if ("notFound" in r) {
      return status(
        500,
        "InternalError",
        `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${slot.containerID?.slice(-64) ?? ""}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${r.notFound}": executable file not found in $PATH: unknown`,
      );
    }
    const out = req.tty ? { stdout: (r.stdout + r.stderr).replace(/\n/g, "\r\n"), stderr: "" } : { stdout: r.stdout, stderr: r.stderr };
    return Promise.resolve({ ...out, exitCode: r.exitCode });
  }

  async proxy(req: ProxyRequest): Promise<ProxyResponse> {
    const [, name, port] = splitProxyName(req.name);
    if (req.kind === "services") return this.proxyService(req, name, port);
    return this.proxyPod(req, name, port);
  }

  private proxyService(req: ProxyRequest, name: string, port: string | undefined): ProxyResponse {
    const svc = this.store.get(SERVICES, req.namespace, name);
    if (!svc) return statusBody(404, "NotFound", `services "${name}" not found`);
    const ports: Json[] = (svc as Json).spec?.ports ?? [];
    const svcPort = port === undefined ? ports[0] : ports.find((p) => p.name === port || String(p.port) === port);
    if (!svcPort) return statusBody(503, "ServiceUnavailable", `no endpoints available for service "${name}"`);
    const view = this.kubelet.net.view();
    const endpoints = serviceEndpoints(view, svc, svcPort);
    if (endpoints.length === 0) return statusBody(503, "ServiceUnavailable", `no endpoints available for service "${name}"`);
    const ep = endpoints[this.roundRobin(`${req.namespace}/${name}`) % endpoints.length]!;
    return this.toPod(ep.pod, ep.ip, ep.port, req);
  }

  private proxyPod(req: ProxyRequest, name: string, port: string | undefined): ProxyResponse {
    const pod = this.findPod(req.namespace, name);
    if (isStatus(pod)) return statusBody(404, "NotFound", pod.message);
    const ip: string | undefined = (pod as Json).status?.podIP;
    let target = port === undefined ? 80 : Number(port);
    if (port !== undefined && !/^\d+$/.test(port)) {
      const named = ((pod as Json).spec?.containers ?? []).flatMap((c: Json) => c.ports ?? []).find((p: Json) => p.name === port);
      if (!named) return statusBody(503, "ServiceUnavailable", `no such port "${port}" on pod "${name}"`);
      target = named.containerPort;
    }
    if (!ip) return statusBody(503, "ServiceUnavailable", `pod "${name}" has no IP address yet`);
    return this.toPod(pod, ip, target, req);
  }

  private toPod(pod: KubeObject, ip: string, port: number, req: ProxyRequest): ProxyResponse {
    const c = connect(this.kubelet.net.view(), { hostIp: API_SERVER_SOURCE_IP }, ip, port);
    if (!c.ok) {
      const detail = c.kind === "timeout" ? `dial tcp ${ip}:${port}: i/o timeout` : `dial tcp ${ip}:${port}: connect: connection refused`;
      return statusBody(503, "ServiceUnavailable", `error trying to reach service: ${detail}`);
    }
    const r = this.kubelet.net.answerAt(pod, port, req.path, req.method, API_SERVER_SOURCE_IP, PROXY_USER_AGENT, 0);
    if (r.kind === "refused") return statusBody(503, "ServiceUnavailable", `error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`);
    if (r.kind === "not-http") return statusBody(503, "ServiceUnavailable", "error trying to reach service: EOF");
    return { status: r.answer.status, contentType: r.answer.contentType, body: r.answer.body };
  }

  private counters = new Map<string, number>();
  private roundRobin(key: string): number {
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    return n;
  }
}

/** `https:name:port`, `name:port`, `name` as in `services/<…>/proxy`. */
export function splitProxyName(raw: string): [scheme: string | undefined, name: string, port: string | undefined] {
  const parts = raw.split(":");
  if (parts.length === 3) return [parts[0], parts[1]!, parts[2] || undefined];
  if (parts.length === 2) return [undefined, parts[0]!, parts[1] || undefined];
  return [undefined, raw, undefined];
}

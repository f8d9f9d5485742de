/**
 * `pods/log`: text/plain log bytes from the node runtime, or — with no runtime attached — the 400
 * errors the kubelet gives for containers that have no logs yet, computed from the pod's status.
 */
import type { LogLine, LogRequest } from "../runtime.js";
import type { KubeObject } from "../store/types.js";
import type { ResourceCall } from "./context.js";
import { getOrNotFound } from "./crud.js";
import { sendStatus } from "./http-io.js";
import { ApiError, badRequest, isApiStatus, type ApiStatus } from "./status.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

function goList(items: string[]): string {
  return `[${items.join(" ")}]`;
}

/** Picks the container like kube-apiserver's pod log REST: explicit, the only one, or the annotated default. */
export function resolveContainer(pod: Json, requested: string | null): string {
  const containers: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: Json) => c.name);
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: Json) => c.name);
  const name = pod.metadata.name;
  if (requested) {
    if (![...containers, ...inits, ...ephemeral].includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (containers.length === 1 && inits.length === 0 && ephemeral.length === 0) return containers[0]!;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containers.includes(annotated)) return annotated;
  if (containers.length === 1) return containers[0]!;
  let msg = `a container name must be specified for pod ${name}, choose one of: ${goList(containers)}`;
  if (inits.length) msg += ` or one of the init containers: ${goList(inits)}`;
  if (ephemeral.length) msg += ` or one of the ephemeral containers: ${goList(ephemeral)}`;
  throw badRequest(msg);
}

/** The kubelet's validateContainerLogStatus: why a container has no logs to show, or undefined. */
export function containerLogError(pod: Json, container: string, previous: boolean): ApiError | undefined {
  const podName = pod.metadata.name;
  const statuses: Json[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const st = statuses.find((s) => s.name === container);
  if (!st) return badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const { waiting, running, terminated } = st.state ?? {};
  const lastTerminated = st.lastState?.terminated;
  if (previous) {
    return lastTerminated ? undefined : badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
  }
  if (running || terminated || lastTerminated) return undefined;
  if (waiting) {
    switch (waiting.reason) {
      case "ErrImagePull":
        return badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
      case "ImagePullBackOff":
        return badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
      default:
        return badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${waiting.reason ?? ""}`);
    }
  }
  return badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** Go's RFC3339Nano: fractional seconds with trailing zeros trimmed. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T09:00:00.123Z
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 19)}${frac ? "." + frac : ""}Z`;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name}: Invalid value: "${raw}": must be a non-negative integer`);
  return n;
}

export function handleLogs(call: ResourceCall): void {
  const { ctx, res, query } = call;
  const pod = getOrNotFound(call) as KubeObject & Json;
  const container = resolveContainer(pod, query.get("container"));
  const previous = query.get("previous") === "true";
  const timestamps = query.get("timestamps") === "true";
  const follow = query.get("follow") === "true";
  const logReq: LogRequest = {
    namespace: call.info.namespace,
    pod: call.info.name,
    container,
    previous,
    tailLines: intParam(query, "tailLines"),
    sinceSeconds: intParam(query, "sinceSeconds"),
    timestamps,
  };
  const format = (l: LogLine) => (timestamps ? `${rfc3339Nano(l.at)} ${l.text}\n` : `${l.text}\n`);
  const runtime = ctx.runtime;
  if (!runtime) {
    const err = containerLogError(pod, container, previous);
    if (err) throw err;
    res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
    res.end();
    return;
  }
  if (!follow) {
    const lines = runtime.readLogs(logReq);
    if (isApiStatus(lines)) throw lines;
    const text = (lines as LogLine[]).map(format).join("");
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
    res.end(text);
    return;
  }
  // follow: the existing lines (tail/since applied), then new ones as the runtime produces them
  const initial = runtime.readLogs(logReq);
  if (isApiStatus(initial)) throw initial;
  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  for (const l of initial as LogLine[]) res.write(format(l));
  let ended = false;
  const stream = runtime.followLogs(
    { ...logReq, tailLines: 0, sinceSeconds: undefined },
    (l) => {
      if (!ended) res.write(format(l));
    },
    () => {
      if (!ended) {
        ended = true;
        res.end();
      }
    },
  );
  if (isApiStatus(stream)) {
    ended = true;
    sendStatus(res, stream as ApiStatus);
    return;
  }
  res.on("close", () => {
    ended = true;
    (stream as { stop(): void }).stop();
  });
}

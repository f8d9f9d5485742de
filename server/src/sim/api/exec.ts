/**
 * `pods/exec` over WebSocket (`v5.channel.k8s.io`; kubectl 1.30+ tries it first). Validation errors
 * are plain Status responses, returned the same way to the WebSocket GET and to kubectl's SPDY POST
 * fallback, so kubectl prints them. The command itself runs in the node runtime.
 */
import type { Duplex } from "node:stream";
import type { ExecRequest } from "../runtime.js";
import type { ResourceCall } from "./context.js";
import { getOrNotFound } from "./crud.js";
import { ApiError, badRequest, isApiStatus, statusBody } from "./status.js";
import { ChannelSocket, handshakeResponse } from "./websocket.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

export interface Upgrade {
  socket: Duplex;
  head: Buffer;
}

/** Checks that pod and container can take an exec, in the kubelet's words. */
export function validateExecTarget(pod: Json, requested: string | null): string {
  const containers: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") {
    throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  }
  let container = requested ?? "";
  if (!container) {
    if (containers.length !== 1) throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(" ")}]`);
    container = containers[0]!;
  }
  const all = [...containers, ...(pod.spec?.initContainers ?? []).map((c: Json) => c.name), ...(pod.spec?.ephemeralContainers ?? []).map((c: Json) => c.name)];
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  const statuses: Json[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const st = statuses.find((s) => s.name === container);
  if (!st?.state?.running) throw badRequest(`container not found ("${container}")`);
  return container;
}

export async function handleExec(call: ResourceCall, upgrade: Upgrade | undefined): Promise<void> {
  const { ctx, req, query } = call;
  const pod = getOrNotFound(call);
  const container = validateExecTarget(pod, query.get("container"));
  const command = query.getAll("command");
  if (!command.length) throw badRequest("you must specify at least 1 command");
  const isWebSocket = (req.headers.upgrade ?? "").toLowerCase() === "websocket";
  if (!upgrade || !isWebSocket) {
    throw badRequest("Upgrade request required: the simulated cluster speaks the v5.channel.k8s.io WebSocket protocol only");
  }
  const offered = String(req.headers["sec-websocket-protocol"] ?? "").split(",").map((s) => s.trim());
  const protocol = EXEC_PROTOCOLS.find((p) => offered.includes(p));
  if (!protocol) throw badRequest(`unable to upgrade: no supported subprotocol in [${offered.join(" ")}]; supported: ${EXEC_PROTOCOLS.join(", ")}`);
  const runtime = ctx.runtime;
  if (!runtime) throw new ApiError(503, "ServiceUnavailable", "exec is unavailable: no node runtime is attached to the simulated cluster");
  const key = String(req.headers["sec-websocket-key"] ?? "");
  if (!key) throw badRequest("missing Sec-WebSocket-Key");

  const { socket, head } = upgrade;
  socket.write(handshakeResponse(key, protocol));
  const wantStdin = query.get("stdin") === "true";
  const tty = query.get("tty") === "true";
  const stdinChunks: Buffer[] = [];
  let started = false;
  let finished = false;
  const run = async () => {
    if (started) return;
    started = true;
    const execReq: ExecRequest = {
      namespace: call.info.namespace,
      pod: call.info.name,
      container,
      command,
      stdin: wantStdin ? Buffer.concat(stdinChunks).toString("utf8") : undefined,
      tty,
    };
    try {
      const result = await runtime.exec(execReq);
      if (isApiStatus(result)) {
        ws.send(ERROR, JSON.stringify(statusBody(result)));
      } else {
        const r = result as { stdout: string; stderr: string; exitCode: number };
        if (r.stdout) ws.send(STDOUT, r.stdout);
        if (r.stderr) ws.send(tty ? STDOUT : STDERR, r.stderr);
        const status =
          r.exitCode === 0
            ? { metadata: {}, status: "Success" }
            : {
                metadata: {},
                status: "Failure",
                message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${r.exitCode}`,
                reason: "NonZeroExitCode",
                details: { causes: [{ reason: "ExitCode", message: String(r.exitCode) }] },
              };
        ws.send(ERROR, JSON.stringify(status));
      }
    } catch (err) {
      ws.send(ERROR, JSON.stringify({ metadata: {}, status: "Failure", message: (err as Error).message, reason: "InternalError" }));
    }
    finished = true;
    ws.close();
  };
  const ws = new ChannelSocket(
    socket,
    (channel, data) => {
      if (channel === STDIN) stdinChunks.push(data);
      else if (channel === CLOSE && data[0] === STDIN) void run();
    },
    () => {
      if (!finished && wantStdin) void run();
    },
  );
  if (head.length) socket.emit("data", head);
  // without stdin (or with the v4 protocol, which cannot signal end of stdin) run at once
  if (!wantStdin || protocol !== "v5.channel.k8s.io") void run();
}

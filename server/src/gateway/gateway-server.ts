/**
 * The kubectl gateway: an HTTPS reverse proxy in front of the API server (sim or real).
 * Per request: throttle check → authenticate → parse → scope → forward impersonated → stream back
 * → record an Activity off the hot path. Watches, `logs -f` and exec/attach upgrades stream.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from "node:http";
import type { Duplex } from "node:stream";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { RealClock, silentLogger, type Clock, type EventBus, type Logger } from "../core/index.js";
import { ActivityRecorder, type Activity, type ActivitySink, type DeniedBy, type GatewayEvents } from "./activity.js";
import { FailureThrottle } from "./failure-throttle.js";
import { renderTeamKubeconfig } from "./kubeconfig.js";
import { filterNamespaceList, NamespaceWatchFilter } from "./namespace-filter.js";
import { parseRequest, type ParsedRequest } from "./parse-request.js";
import { scopeRequest, type GatewayTeam, type ResponseFilter } from "./scope.js";
import {
  badGatewayStatus,
  tooManyRequestsStatus,
  unauthorizedStatus,
  type KubeStatus,
} from "./status.js";
import type { TeamAuthenticator } from "./team-authenticator.js";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./upstream-headers.js";

/** Idle keep-alive sockets kept to the API server. */
export const UPSTREAM_MAX_FREE_SOCKETS = 256;
/** How long the gateway waits for the API server to answer headers before giving up (watches excluded). */
export const UPSTREAM_RESPONSE_TIMEOUT_MS = 60_000;
/** Largest namespace list the gateway buffers to filter (bytes). */
export const MAX_FILTERED_BODY_BYTES = 16 * 1024 * 1024;

/** Where the gateway forwards to, with Firedrill's own identity. */
export interface GatewayUpstream {
  /** `https://host:port` of the API server. */
  url: string;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  /** Credential headers, e.g. `{ authorization: "Bearer …" }`; called per request (tokens rotate). */
  credentials(): Record<string, string>;
}

export interface GatewayTls {
  certPem: string;
  keyPem: string;
  /** CA players must trust; embedded in kubeconfigs. */
  caPem: string;
}

export interface GatewayOptions {
  /** 0 = ephemeral. */
  port: number;
  /** Bind address; default 0.0.0.0 (players connect from their laptops). */
  host?: string;
  /** URL written into kubeconfigs; default `https://127.0.0.1:<port>`. */
  publicUrl?: string;
  tls: GatewayTls;
  upstream: GatewayUpstream;
  authenticator: TeamAuthenticator;
  clock?: Clock;
  throttle?: FailureThrottle;
  bus?: EventBus<GatewayEvents>;
  sink?: ActivitySink;
  logger?: Logger;
  /** Send `Impersonate-Group` for the SA groups too (see upstream-headers.ts); default false. */
  impersonateGroups?: boolean;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  readonly recorder: ActivityRecorder;
  kubeconfigFor(team: GatewayTeam, token: string): string;
  close(): Promise<void>;
}

interface RequestContext {
  started: number;
  at: number;
  ip: string;
  parsed: ParsedRequest;
  team: GatewayTeam | null;
}

type Admission =
  | { ok: true; team: GatewayTeam; filter: ResponseFilter }
  | { ok: false; status: KubeStatus; deniedBy: DeniedBy; reason: string; headers?: OutgoingHttpHeaders };

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const clock = options.clock ?? new RealClock();
  const logger = options.logger ?? silentLogger();
  const throttle = options.throttle ?? new FailureThrottle({ clock });
  const recorder = new ActivityRecorder({ bus: options.bus, sink: options.sink, logger });
  const upstreamUrl = new URL(options.upstream.url);
  const agentOptions = {
    ca: options.upstream.ca,
    cert: options.upstream.cert,
    key: options.upstream.key,
    rejectUnauthorized: options.upstream.rejectUnauthorized ?? true,
  };
  const agent = new https.Agent({ ...agentOptions, keepAlive: true, maxFreeSockets: UPSTREAM_MAX_FREE_SOCKETS });
  // Upgraded sockets leave the pool for good; don't let them churn the keep-alive agent.
  const upgradeAgent = new https.Agent({ ...agentOptions, keepAlive: false });
  const upgraded = new Set<Duplex>();

  function admit(ctx: RequestContext, authorization: string | undefined): Admission {
    const retryMs = throttle.retryAfterMs(ctx.ip);
    if (retryMs > 0) {
      const secs = Math.ceil(retryMs / 1000);
      return {
        ok: false,
        status: tooManyRequestsStatus(secs),
        deniedBy: "throttle",
        reason: "too-many-failures",
        headers: { "retry-after": String(secs) },
      };
    }
    const auth = options.authenticator.authenticate(authorization);
    if (!auth.ok) {
      throttle.recordFailure(ctx.ip);
      return { ok: false, status: unauthorizedStatus(), deniedBy: "auth", reason: auth.reason };
    }
    ctx.team = auth.team;
    const decision = scopeRequest(ctx.parsed, auth.team);
    if (!decision.allowed) return { ok: false, status: decision.status, deniedBy: "gateway", reason: decision.reason };
    return { ok: true, team: auth.team, filter: decision.filter };
  }

  function record(ctx: RequestContext, code: number, denied?: { by: DeniedBy; reason: string }): void {
    const p = ctx.parsed;
    const clusterDenied = !denied && (code === 401 || code === 403);
    const activity: Activity = {
      teamId: ctx.team?.teamId ?? null,
      gameCode: ctx.team?.gameCode ?? null,
      at: ctx.at,
      method: p.method,
      verb: p.verb,
      apiGroup: p.apiGroup,
      resource: p.resource,
      subresource: p.subresource,
      name: p.name,
      namespace: p.namespace,
      path: p.path,
      labelSelector: p.labelSelector,
      fieldSelector: p.fieldSelector,
      kubectlCommand: p.kubectlCommand,
      kubectlSession: p.kubectlSession,
      code,
      latencyMs: Math.round((performance.now() - ctx.started) * 1000) / 1000,
      allowed: !denied && !clusterDenied,
      ...(denied ? { deniedBy: denied.by, reason: denied.reason } : {}),
      ...(clusterDenied ? { deniedBy: "cluster" as const, reason: code === 403 ? "rbac" : "unauthorized" } : {}),
      isDiscovery: p.isDiscovery,
      clientIp: ctx.ip,
    };
    recorder.record(activity);
  }

  function newContext(req: IncomingMessage): RequestContext {
    return {
      started: performance.now(),
      at: clock.now(),
      ip: req.socket.remoteAddress ?? "unknown",
      parsed: parseRequest(req.method ?? "GET", req.url ?? "/", req.headers),
      team: null,
    };
  }

  function upstreamOptions(req: IncomingMessage, team: GatewayTeam, filter: ResponseFilter, upgrade: boolean) {
    return {
      protocol: upstreamUrl.protocol,
      hostname: upstreamUrl.hostname,
      port: upstreamUrl.port || 443,
      method: req.method,
      path: req.url,
      agent: upgrade ? upgradeAgent : agent,
      headers: upstreamRequestHeaders(req.headersDistinct, {
        namespace: team.namespace,
        credentials: options.upstream.credentials(),
        upgrade,
        needsPlainJson: filter === "own-namespace",
        impersonateGroups: options.impersonateGroups ?? false,
      }),
    };
  }

  function sendStatus(res: ServerResponse, status: KubeStatus, headers: OutgoingHttpHeaders = {}): void {
    const body = JSON.stringify(status);
    res.writeHead(status.code, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const ctx = newContext(req);
    const admission = admit(ctx, req.headers.authorization);
    if (!admission.ok) {
      sendStatus(res, admission.status, admission.headers);
      record(ctx, admission.status.code, { by: admission.deniedBy, reason: admission.reason });
      return;
    }
    const { team, filter } = admission;
    const streaming = ctx.parsed.verb === "watch" || /[?&]follow=(true|1)\b/.test(req.url ?? "");
    const upReq = https.request(upstreamOptions(req, team, filter, false));
    if (!streaming) {
      upReq.setTimeout(UPSTREAM_RESPONSE_TIMEOUT_MS, () => upReq.destroy(new Error("upstream timeout")));
    }
    upReq.on("response", (upRes) => {
      if (!streaming) upReq.setTimeout(0);
      const code = upRes.statusCode ?? 502;
      if (filter === "own-namespace" && code === 200) {
        if (ctx.parsed.verb === "watch") {
          res.writeHead(code, downstreamResponseHeaders(upRes.headers, { dropLength: true }));
          res.flushHeaders();
          record(ctx, code);
          upRes.pipe(new NamespaceWatchFilter(team.namespace)).pipe(res);
        } else {
          bufferAndFilterList(upRes, res, team.namespace, () => record(ctx, code));
        }
        return;
      }
      res.writeHead(code, downstreamResponseHeaders(upRes.headers));
      if (streaming) {
        res.flushHeaders();
        res.socket?.setNoDelay(true);
      }
      record(ctx, code);
      upRes.pipe(res);
    });
    upReq.on("error", (err) => {
      logger.warn({ err: err.message, path: ctx.parsed.path }, "gateway upstream error");
      if (!res.headersSent) {
        sendStatus(res, badGatewayStatus(err.message));
        record(ctx, 502);
      } else {
        res.destroy();
      }
    });
    res.on("close", () => {
      // kubectl went away (Ctrl-C on a watch or logs -f): stop the upstream stream too
      if (!res.writableFinished) upReq.destroy();
    });
    req.pipe(upReq);
  }

  function bufferAndFilterList(upRes: IncomingMessage, res: ServerResponse, namespace: string, done: () => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    upRes.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_FILTERED_BODY_BYTES) upRes.destroy(new Error("namespace list too large"));
      else chunks.push(c);
    });
    upRes.on("error", () => {
      if (!res.headersSent) sendStatus(res, badGatewayStatus("namespace list unreadable"));
      done();
    });
    upRes.on("end", () => {
      let raw = Buffer.concat(chunks);
      if (upRes.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      let body: string;
      try {
        body = JSON.stringify(filterNamespaceList(JSON.parse(raw.toString("utf8")), namespace));
      } catch {
        sendStatus(res, badGatewayStatus("namespace list is not JSON"));
        done();
        return;
      }
      res.writeHead(200, {
        ...downstreamResponseHeaders(upRes.headers, { dropLength: true }),
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
      done();
    });
  }

  function writeRawStatus(socket: Duplex, status: KubeStatus, headers: OutgoingHttpHeaders = {}): void {
    const body = JSON.stringify(status);
    writeRawResponse(socket, status.code, { "content-type": "application/json", ...headers }, Buffer.from(body));
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ctx = newContext(req);
    socket.on("error", () => socket.destroy());
    const admission = admit(ctx, req.headers.authorization);
    if (!admission.ok) {
      writeRawStatus(socket, admission.status, admission.headers);
      record(ctx, admission.status.code, { by: admission.deniedBy, reason: admission.reason });
      return;
    }
    const upReq = https.request(upstreamOptions(req, admission.team, "none", true));
    upReq.on("upgrade", (upRes, upSocket, upHead) => {
      const lines = [`HTTP/1.1 101 ${upRes.statusMessage || "Switching Protocols"}`];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) lines.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
      socket.write(lines.join("\r\n") + "\r\n\r\n");
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      record(ctx, 101);
      upgraded.add(socket);
      const teardown = () => {
        upgraded.delete(socket);
        socket.destroy();
        upSocket.destroy();
      };
      upSocket.on("error", teardown);
      socket.on("error", teardown);
      upSocket.on("close", teardown);
      socket.on("close", teardown);
      upSocket.setNoDelay?.(true);
      upSocket.pipe(socket);
      socket.pipe(upSocket);
    });
    upReq.on("response", (upRes) => {
      // The API server refused the upgrade (404, 400 container not running, 403 RBAC): relay it.
      const chunks: Buffer[] = [];
      upRes.on("data", (c: Buffer) => chunks.push(c));
      upRes.on("end", () => {
        const headers = downstreamResponseHeaders(upRes.headers, { dropLength: true });
        writeRawResponse(socket, upRes.statusCode ?? 502, headers, Buffer.concat(chunks), upRes.statusMessage);
        record(ctx, upRes.statusCode ?? 502);
      });
    });
    upReq.on("error", (err) => {
      writeRawStatus(socket, badGatewayStatus(err.message));
      record(ctx, 502);
    });
    upReq.end();
  }

  const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, onRequest);
  // Watches and `logs -f` live for minutes; the API server's own timeouts end them.
  server.requestTimeout = 0;
  server.on("upgrade", onUpgrade);
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = options.publicUrl ?? `https://127.0.0.1:${port}`;

  return {
    url,
    port,
    caPem: options.tls.caPem,
    recorder,
    kubeconfigFor: (team, token) => renderTeamKubeconfig({ gatewayUrl: url, caPem: options.tls.caPem, token, team }),
    async close() {
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      upgradeAgent.destroy();
      await recorder.drain();
    },
  };
}

function writeRawResponse(
  socket: Duplex,
  code: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  statusMessage?: string,
): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${code} ${statusMessage || reasonPhrase(code)}`];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
  }
  lines.push(`content-length: ${body.length}`, "connection: close");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n"), body]));
}

function reasonPhrase(code: number): string {
  return (
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 502: "Bad Gateway" }[
      code
    ] ?? "Error"
  );
}

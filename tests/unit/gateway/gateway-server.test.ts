/**
 * The gateway's proxy mechanics against a small scripted HTTPS upstream: header rewriting,
 * streaming without buffering, upgrade relaying, namespace filtering, throttling and Activity.
 * (The real sim + kubectl path is in tests/integration/gateway.)
 */
import https from "node:https";
import tls from "node:tls";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EventBus, RealClock } from "../../../server/src/core/index.js";
import { loadOrCreateTls, type TlsMaterial } from "../../../server/src/core/tls.js";
import {
  FailureThrottle,
  startGateway,
  TeamAuthenticator,
  type Activity,
  type Gateway,
  type GatewayEvents,
  type GatewayTeam,
} from "../../../server/src/gateway/index.js";

const orion: GatewayTeam = { teamId: "t1", name: "orion", namespace: "fd-abc-orion", gameCode: "ABC" };

let material: TlsMaterial;
let tlsDir: string;
let upstream: https.Server;
let upstreamHandler: (req: IncomingMessage, res: ServerResponse) => void;
let upstreamRequests: IncomingMessage[] = [];
let gateway: Gateway;
let token: string;
const activities: Activity[] = [];

function request(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; auth?: string | null } = {},
): Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      gateway.url + path,
      {
        method: opts.method ?? "GET",
        ca: material.caPem,
        headers: {
          ...(opts.auth === null ? {} : { authorization: `Bearer ${opts.auth ?? token}` }),
          ...opts.headers,
        },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  tlsDir = await mkdtemp(join(tmpdir(), "fd-gw-unit-"));
  material = await loadOrCreateTls({ dir: tlsDir, prefix: "test-" });
  upstream = https.createServer({ cert: material.certPem, key: material.keyPem }, (req, res) => {
    upstreamRequests.push(req);
    upstreamHandler(req, res);
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const clock = new RealClock();
  const authenticator = new TeamAuthenticator(clock);
  token = authenticator.register(orion);
  const bus = new EventBus<GatewayEvents>();
  bus.on("activity", (a) => activities.push(a));
  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    tls: material,
    upstream: {
      url: `https://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      ca: material.caPem,
      credentials: () => ({ authorization: "Bearer upstream-admin" }),
    },
    authenticator,
    clock,
    throttle: new FailureThrottle({ clock, maxFailures: 3, windowMs: 60_000 }),
    bus,
  });
});

afterAll(async () => {
  await gateway?.close();
  upstream?.closeAllConnections();
  await new Promise<void>((r) => upstream?.close(() => r()));
  await rm(tlsDir, { recursive: true, force: true });
});

beforeEach(() => {
  upstreamRequests = [];
  activities.length = 0;
  upstreamHandler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"kind":"PodList","items":[]}');
  };
});

describe("gateway proxy", () => {
  it("forwards as the impersonated player with Firedrill's credentials, and records the Activity", async () => {
    const res = await request("/api/v1/namespaces/fd-abc-orion/pods?limit=500", {
      headers: { "kubectl-command": "kubectl get", "kubectl-session": "s-1", accept: "application/json" },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).kind).toBe("PodList");
    const seen = upstreamRequests[0]!;
    expect(seen.url).toBe("/api/v1/namespaces/fd-abc-orion/pods?limit=500");
    expect(seen.headers.authorization).toBe("Bearer upstream-admin");
    expect(seen.headers["impersonate-user"]).toBe("system:serviceaccount:fd-abc-orion:player");
    expect(seen.headers["impersonate-group"]).toBeUndefined();
    expect(seen.headers["kubectl-command"]).toBe("kubectl get");
    await gateway.recorder.drain();
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      teamId: "t1",
      verb: "list",
      resource: "pods",
      namespace: "fd-abc-orion",
      kubectlCommand: "kubectl get",
      kubectlSession: "s-1",
      code: 200,
      allowed: true,
    });
    expect(activities[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("denies another namespace with a Kubernetes Status and never reaches the API server", async () => {
    const res = await request("/api/v1/namespaces/fd-abc-lyra/pods", { headers: { "kubectl-command": "kubectl get" } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ kind: "Status", reason: "Forbidden", code: 403 });
    expect(upstreamRequests).toHaveLength(0);
    await gateway.recorder.drain();
    expect(activities[0]).toMatchObject({ allowed: false, deniedBy: "gateway", reason: "other-namespace", code: 403 });
  });

  it("marks an RBAC 403 from the API server as denied by the cluster", async () => {
    upstreamHandler = (_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end('{"kind":"Status","code":403,"reason":"Forbidden","message":"nope"}');
    };
    const res = await request("/apis/rbac.authorization.k8s.io/v1/namespaces/fd-abc-orion/rolebindings", { method: "POST" });
    expect(res.status).toBe(403);
    await gateway.recorder.drain();
    expect(activities[0]).toMatchObject({ allowed: false, deniedBy: "cluster", reason: "rbac" });
  });

  it("shows a team only its own namespace", async () => {
    upstreamHandler = (req, res) => {
      expect(req.headers["accept-encoding"]).toBe("identity");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "NamespaceList",
          metadata: { resourceVersion: "5" },
          items: ["default", "fd-abc-orion", "fd-abc-lyra"].map((name) => ({ metadata: { name } })),
        }),
      );
    };
    const res = await request("/api/v1/namespaces", { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["fd-abc-orion"]);
  });

  it("streams a watch event by event, without waiting for the upstream to finish", async () => {
    let finish!: () => void;
    upstreamHandler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      res.write(JSON.stringify({ type: "ADDED", object: { metadata: { name: "p1" } } }) + "\n");
      finish = () => res.end();
    };
    const first = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        gateway.url + "/api/v1/namespaces/fd-abc-orion/pods?watch=true",
        { ca: material.caPem, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.once("data", (c: Buffer) => resolve(c.toString()));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(JSON.parse(first).object.metadata.name).toBe("p1");
    finish();
    await gateway.recorder.drain();
    expect(activities[0]).toMatchObject({ verb: "watch", code: 200 });
  });

  it("stops the upstream watch when kubectl disconnects", async () => {
    const upstreamClosed = new Promise<void>((resolve) => {
      upstreamHandler = (req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.flushHeaders();
        res.write("\n");
        res.on("close", () => resolve());
        void req;
      };
    });
    await new Promise<void>((resolve, reject) => {
      const req = https.request(
        gateway.url + "/api/v1/namespaces/fd-abc-orion/pods?watch=true",
        { ca: material.caPem, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on("error", () => {});
      req.on("error", reject);
      req.end();
    });
    await upstreamClosed;
  });

  it("relays an exec upgrade and pipes bytes both ways", async () => {
    upstream.once("upgrade", (req: IncomingMessage, socket) => {
      expect(req.headers["impersonate-user"]).toBe("system:serviceaccount:fd-abc-orion:player");
      expect(req.headers.authorization).toBe("Bearer upstream-admin");
      socket.write(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n",
      );
      socket.on("data", (d: Buffer) => socket.write(Buffer.concat([Buffer.from("echo:"), d])));
    });
    const port = gateway.port;
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = tls.connect({ host: "127.0.0.1", port, ca: material.caPem }, () => {
        sock.write(
          [
            "GET /api/v1/namespaces/fd-abc-orion/pods/p1/exec?command=ls&stdout=true HTTP/1.1",
            `Host: 127.0.0.1:${port}`,
            `Authorization: Bearer ${token}`,
            "Connection: Upgrade",
            "Upgrade: websocket",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Protocol: v5.channel.k8s.io",
            "Kubectl-Command: kubectl exec",
            "",
            "",
          ].join("\r\n"),
        );
      });
      let buf = "";
      sock.on("data", (d) => {
        buf += d.toString();
        if (buf.includes("\r\n\r\n") && !buf.includes("echo:")) sock.write("hello");
        if (buf.includes("echo:hello")) {
          sock.destroy();
          resolve(buf);
        }
      });
      sock.on("error", reject);
    });
    expect(reply.startsWith("HTTP/1.1 101")).toBe(true);
    expect(reply).toMatch(/Sec-WebSocket-Protocol: v5\.channel\.k8s\.io/i);
    await gateway.recorder.drain();
    expect(activities[0]).toMatchObject({ verb: "connect", subresource: "exec", name: "p1", code: 101, kubectlCommand: "kubectl exec" });
  });

  it("relays an upgrade refusal (e.g. container not running) as the API server's Status", async () => {
    upstreamHandler = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"kind":"Status","code":400,"reason":"BadRequest","message":"container not found (\\"frontend\\")"}');
    };
    const port = gateway.port;
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = tls.connect({ host: "127.0.0.1", port, ca: material.caPem }, () => {
        sock.write(
          `POST /api/v1/namespaces/fd-abc-orion/pods/p1/exec?command=ls HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n`,
        );
      });
      let buf = "";
      sock.on("data", (d) => (buf += d.toString()));
      sock.on("end", () => resolve(buf));
      sock.on("error", reject);
    });
    expect(reply.startsWith("HTTP/1.1 400")).toBe(true);
    expect(reply).toContain("container not found");
  });

  it("refuses impersonation headers from the client", async () => {
    const res = await request("/api/v1/namespaces/fd-abc-orion/pods", { headers: { "impersonate-user": "system:admin" } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/impersonation/);
    expect(upstreamRequests).toHaveLength(0);
  });

  it("answers 401 to bad tokens and 429 with Retry-After once an address keeps failing", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await request("/version", { auth: `fdt_guess${i}` })).status);
    expect(codes).toEqual([401, 401, 401, 429]);
    const blocked = await request("/version");
    // the address is blocked for everyone until failures age out: guessing cannot go faster
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(blocked.body)).toMatchObject({ kind: "Status", code: 429, reason: "TooManyRequests" });
    expect(upstreamRequests).toHaveLength(0);
    await gateway.recorder.drain();
    expect(activities.map((a) => a.deniedBy)).toEqual(["auth", "auth", "auth", "throttle", "throttle"]);
    expect(JSON.stringify(activities)).not.toContain("fdt_guess");
  });
});

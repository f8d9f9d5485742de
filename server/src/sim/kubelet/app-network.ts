/**
 * Connects the app model to the cluster: HTTP between pods through the reachability model, the
 * apps' dependency checks (TCP and Kubernetes API as the pod's ServiceAccount), kubelet probes and
 * the API server proxy. Dependents react to their dependencies at request time, so a broken postgres
 * makes the backend unready, which empties its Service, which makes the frontend's /api answer 502.
 */
import type { Clock } from "../../core/index.js";
import type { ApiDependencySpec, TcpDependencySpec } from "../../scenarios/image-catalog.js";
import { authorize, forbiddenStatusMessage, type Identity, type RbacObjects } from "../auth/rbac.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "../store/types.js";
import { answerHttp, nginxErrorPage, renderTemplate, type AppHttpResult, type HttpAnswer } from "./app-model.js";
import { connect, dnsAllowed, type FailureKind, parseHostPort, resolveName, resolvePodPort, type ClusterView, type ConnectResult, type Source } from "./network.js";
import type { Informers } from "./informer.js";
import type { PodWorker, Proc, Slot } from "./pod-worker.js";
import { execArgv, type HttpFetchResult } from "./shell.js";
import { PROBE_USER_AGENT } from "./stages.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const gvr = (group: string, resource: string): GroupVersionResource => ({ group, version: "v1", resource });
/** Proxied requests deeper than this are refused (a proxy loop). */
const MAX_PROXY_DEPTH = 6;

export type TcpCheck = { ok: true; vars: Record<string, string | number> } | { ok: false; kind: string; vars: Record<string, string | number> };
export type ApiCheck = { ok: true } | { ok: false; error: string };
export interface ProbeResult {
  ok: boolean;
  message: string;
  errored?: boolean;
}

export interface AppNetworkDeps {
  store: ObjectStore;
  clock: Clock;
  informers: Informers;
  worker(uid: string): PodWorker | undefined;
}

export class AppNetwork {
  private roundRobin = new Map<string, number>();
  private readonly clusterView: ClusterView;

  constructor(private readonly deps: AppNetworkDeps) {
    const inf = deps.informers;
    this.clusterView = {
      pods: () => inf.pods.list(),
      services: (ns) => inf.services.list(ns),
      networkPolicies: (ns) => inf.networkPolicies.list(ns),
      namespaceLabels: (ns) => ({ "kubernetes.io/metadata.name": ns, ...(inf.namespaces.get(undefined, ns)?.metadata.labels ?? {}) }),
      listening: (pod) => this.deps.worker(pod.metadata.uid!)?.listening() ?? [],
    };
  }

  /** The cluster as the reachability model sees it (watch-fed caches). */
  view(): ClusterView {
    return this.clusterView;
  }

  private pick(key: string): number {
    const n = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, n + 1);
    return n;
  }

  connectFrom(source: Source, host: string, port: number, roundRobin = true): ConnectResult {
    return connect(this.view(), source, host, port, roundRobin ? this.pick(`${host}:${port}`) : 0);
  }

  resolveFrom(pod: KubeObject, host: string): { kind: "ok"; name: string; ips: string[] } | { kind: "nxdomain"; name: string } | { kind: "dns-timeout" } {
    const view = this.view();
    if (!dnsAllowed(view, { pod })) return { kind: "dns-timeout" };
    const r = resolveName(view, pod.metadata.namespace, host);
    if (r.kind === "nxdomain" || r.kind === "dns-timeout") return r.kind === "nxdomain" ? { kind: "nxdomain", name: host } : r;
    const name = r.kind === "service" ? `${r.service.metadata.name}.${r.service.metadata.namespace}.svc.cluster.local` : host;
    return { kind: "ok", name, ips: r.ips };
  }

  tcpFrom(pod: KubeObject, host: string, port: number): { ok: boolean; ip?: string; kind?: FailureKind } {
    const r = this.connectFrom({ pod }, host, port);
    return r.ok ? { ok: true, ip: r.ip } : { ok: false, ip: r.ip, kind: r.kind };
  }

  /** An HTTP request from a pod (or host) to a URL, through DNS, Services and policies. */
  httpFrom(source: Source, url: string, method: string, depth: number, userAgent: string): HttpFetchResult {
    const hp = parseHostPort(url);
    if (!hp) return { ok: false, failure: { kind: "nxdomain", detail: `bad URL ${url}` } };
    const path = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(url)?.[1] ?? "/";
    const r = this.connectFrom(source, hp.host, hp.port);
    if (!r.ok) return { ok: false, failure: { kind: r.kind, ip: r.ip, detail: r.detail } };
    const clientIp = "pod" in source ? ((source.pod as Json).status?.podIP ?? "") : source.hostIp;
    const answer = this.answerAt(r.pod, r.podPort, path, method, clientIp, userAgent, depth);
    if (answer.kind === "refused") return { ok: false, failure: { kind: "refused", ip: r.ip, detail: `dial tcp ${r.ip}:${hp.port}: connect: connection refused` } };
    if (answer.kind === "not-http") return { ok: false, failure: { kind: "not-http", ip: r.ip, detail: "EOF" } };
    return { ok: true, ip: r.ip, answer: answer.answer };
  }

  /** What the app listening on `port` of `pod` answers (it is already connected). */
  answerAt(pod: KubeObject, port: number, path: string, method: string, clientIp: string, userAgent: string, depth: number): AppHttpResult {
    const worker = this.deps.worker(pod.metadata.uid!);
    const slot = worker?.slotForPort(port);
    const proc = slot?.proc;
    if (!worker || !slot || !proc || !worker.listening().includes(port)) return { kind: "refused" };
    const result = answerHttp({
      image: proc.image,
      phase: proc.phase,
      request: { port, path, method },
      dependencyDown: (name) => !this.dependencyOk(worker, proc, name),
      proxy: (upstream, p) => this.proxyUpstream(worker, slot, upstream, p, clientIp, depth),
      render: (t) => worker.render(slot, t),
    });
    const access = proc.image.app?.logs.access;
    if (result.kind === "answer" && access) {
      const a = result.answer;
      worker.appendLog(slot, worker.render(slot, access, { clientIp, method, path, status: a.status, bytes: Buffer.byteLength(a.body), userAgent }));
    }
    return result;
  }

  private proxyUpstream(worker: PodWorker, slot: Slot, upstream: string, path: string, clientIp: string, depth: number): HttpAnswer {
    const app = slot.proc!.image.app!;
    const version = slot.proc!.tag.version ?? "1.27.2";
    if (depth >= MAX_PROXY_DEPTH) return nginxErrorPage(502, version);
    const url = upstream.replace(/\/+$/, "") + path;
    const r = this.httpFrom({ pod: worker.pod }, url, "GET", depth + 1, "-");
    if (r.ok) return r.answer!;
    const f = r.failure!;
    if (f.kind === "not-http") return nginxErrorPage(502, version);
    const kind = f.kind === "dns-timeout" ? "nxdomain" : f.kind;
    if (app.logs.proxyError && app.proxyErrors) {
      const hp = parseHostPort(upstream);
      const error = renderTemplate(app.proxyErrors[kind], { now: this.deps.clock.now(), env: {}, vars: { host: hp?.host ?? "", port: hp?.port ?? "" } });
      worker.appendLog(slot, worker.render(slot, app.logs.proxyError, { error, path, clientIp, upstream: `http://${f.ip ?? hp?.host}:${hp?.port}${path}` }));
    }
    return nginxErrorPage(f.kind === "timeout" ? 504 : 502, version);
  }

  private dependencyOk(worker: PodWorker, proc: Proc, name: string): boolean {
    const app = proc.image.app;
    const tcp = app?.dependencies.tcp.find((d) => d.name === name);
    if (tcp) return this.checkTcp(worker, proc, tcp).ok;
    const api = app?.dependencies.kubernetesApi.find((d) => d.name === name);
    if (api) return this.checkApi(worker, proc, api).ok;
    return true;
  }

  /** Whether the app reaches a `host:port` dependency; `vars` fill its log templates. */
  checkTcp(worker: PodWorker, proc: Proc, dep: TcpDependencySpec): TcpCheck {
    const address = renderTemplate(dep.address, { now: this.deps.clock.now(), env: proc.env });
    const hp = parseHostPort(address);
    const base = { host: hp?.host ?? address, port: hp?.port ?? "" };
    const r: ConnectResult = hp
      ? connect(this.view(), { pod: worker.pod }, hp.host, hp.port, 0)
      : { ok: false, kind: "nxdomain", host: address, port: 0, detail: "" };
    if (r.ok) return { ok: true, vars: { ...base, ip: r.ip } };
    const kind = r.kind === "dns-timeout" ? "nxdomain" : r.kind;
    const vars = { ...base, ip: r.ip ?? "" };
    const error = renderTemplate(dep.errors[kind], { now: this.deps.clock.now(), env: proc.env, vars });
    return { ok: false, kind, vars: { ...vars, error } };
  }

  /** The app's Kubernetes API call as its ServiceAccount: RBAC first, then the object must exist. */
  checkApi(worker: PodWorker, proc: Proc, dep: ApiDependencySpec): ApiCheck {
    const pod = worker.pod as Json;
    if (pod.spec?.automountServiceAccountToken === false) {
      return { ok: false, error: "open /var/run/secrets/kubernetes.io/serviceaccount/token: no such file or directory" };
    }
    const ns = worker.namespace;
    const sa = pod.spec?.serviceAccountName ?? "default";
    const identity: Identity = {
      username: `system:serviceaccount:${ns}:${sa}`,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    };
    const name = dep.resourceName ? renderTemplate(dep.resourceName, { now: this.deps.clock.now(), env: proc.env }) : undefined;
    const attrs = { verb: dep.verb, resourceRequest: true, apiGroup: dep.group, apiVersion: "v1", resource: dep.resource, namespace: ns, name };
    const inf = this.deps.informers;
    const rbac: RbacObjects = {
      roles: inf.roles.list(ns),
      roleBindings: inf.roleBindings.list(ns),
      clusterRoles: inf.clusterRoles.list(),
      clusterRoleBindings: inf.clusterRoleBindings.list(),
    };
    if (!authorize(identity, attrs, rbac).allowed) return { ok: false, error: forbiddenStatusMessage(identity, attrs) };
    const exists = dep.group === "" && dep.resource === "configmaps" ? !!inf.configMaps.get(ns, name ?? "") : !!this.deps.store.get(gvr(dep.group, dep.resource), ns, name ?? "");
    if (name && dep.verb === "get" && !exists) {
      const qualified = dep.group ? `${dep.resource}.${dep.group}` : dep.resource;
      return { ok: false, error: `${qualified} "${name}" not found` };
    }
    return { ok: true };
  }

  /** One kubelet probe of a container. */
  probe(worker: PodWorker, slot: Slot, probe: Json): ProbeResult {
    const ip = worker.podIp ?? "";
    if (probe.exec) {
      const argv: string[] = probe.exec.command ?? [];
      const r = execArgv(argv, worker.shellContext(slot));
      if ("notFound" in r) {
        return { ok: false, errored: true, message: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${execId(argv)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${r.notFound}": executable file not found in $PATH: unknown` };
      }
      return r.exitCode === 0 ? { ok: true, message: "" } : { ok: false, message: (r.stdout + r.stderr).trim() };
    }
    const spec = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
    if (!spec) return { ok: true, message: "" };
    const port = resolvePodPort({ ...worker.pod, spec: { containers: [slot.spec] } } as KubeObject, spec.port) ?? Number(spec.port);
    const host = spec.host ?? ip;
    if (probe.httpGet) {
      const scheme = (spec.scheme ?? "HTTP").toLowerCase();
      const path = spec.path ?? "/";
      const url = `${scheme}://${host}:${port}${path}`;
      const r = this.answerAt(worker.pod, port, path, "GET", worker.hostIp, PROBE_USER_AGENT, 0);
      if (r.kind === "refused") return { ok: false, message: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
      if (r.kind === "not-http") return { ok: false, message: `Get "${url}": EOF` };
      const status = r.answer.status;
      return status >= 200 && status < 400 ? { ok: true, message: "" } : { ok: false, message: `HTTP probe failed with statuscode: ${status}` };
    }
    const listening = worker.listening().includes(port);
    if (probe.grpc) return listening ? { ok: true, message: "" } : { ok: false, message: `timeout: failed to connect service "${host}:${port}" within 1s: context deadline exceeded` };
    return listening ? { ok: true, message: "" } : { ok: false, message: `dial tcp ${host}:${port}: connect: connection refused` };
  }
}

function execId(argv: string[]): string {
  let h = 0;
  for (const ch of argv.join(" ")) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

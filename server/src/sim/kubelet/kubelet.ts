/**
 * The simulated kubelet of every node: watches pods, takes over those the scheduler bound to a node
 * (`spec.nodeName`), and runs one PodWorker per pod. Owns the per-node image caches and pod IPs.
 */
import { seededRandom, type Clock, type Logger, type RandomSource } from "../../core/index.js";
import type { ImageCatalog } from "../../scenarios/image-catalog.js";
import { createEventRecorder, type EventRecorder } from "../events/index.js";
import type { KubeObject, ObjectStore, WatchHandle } from "../store/types.js";
import { AppNetwork } from "./app-network.js";
import { startInformers, stopInformers, type Informers } from "./informer.js";
import type { ConfigLookup } from "./container-config.js";
import { KUBERNETES_SERVICE_IP } from "./network.js";
import { PODS, PodWorker, type WorkerHost } from "./pod-worker.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Seed of the kubelet's jitter when the caller gives no random source (deterministic runs). */
export const DEFAULT_KUBELET_SEED = "firedrill-kubelet";
/** First host number handed out in a node's pod CIDR (.1 is the bridge). */
const FIRST_POD_HOST = 2;
const LAST_POD_HOST = 254;

export interface KubeletOptions {
  store: ObjectStore;
  clock: Clock;
  catalog: ImageCatalog;
  logger: Logger;
  random?: RandomSource;
  /** Share the controllers' recorder so repeated events aggregate in one place; default: a new one. */
  recorder?: EventRecorder;
}

export class Kubelet {
  readonly workers = new Map<string, PodWorker>();
  readonly net: AppNetwork;
  private readonly images = new Map<string, Set<string>>();
  private readonly nextHost = new Map<string, number>();
  /** Pod IPs held by this kubelet's workers, per node: allocation checks its node's set, not every pod. */
  private readonly ipsInUse = new Map<string, Set<string>>();
  private watch?: WatchHandle;
  private readonly host: WorkerHost;
  private readonly informers: Informers;

  constructor(private readonly opts: KubeletOptions) {
    const { store, clock, logger } = opts;
    const informers = (this.informers = startInformers(store));
    this.net = new AppNetwork({ store, clock, informers, worker: (uid) => this.workers.get(uid) });
    const lookup: ConfigLookup = {
      configMap: (ns, name) => informers.configMaps.get(ns, name),
      secret: (ns, name) => informers.secrets.get(ns, name),
      pvc: (ns, name) => informers.pvcs.get(ns, name),
    };
    this.host = {
      store,
      clock,
      catalog: opts.catalog,
      random: opts.random ?? seededRandom(DEFAULT_KUBELET_SEED),
      logger,
      recorder: opts.recorder ?? createEventRecorder({ store, clock, logger }),
      lookup,
      net: this.net,
      nodeIp: (node) => this.nodeIp(node),
      allocatePodIp: (node) => this.allocatePodIp(node),
      imageCache: (node) => {
        let set = this.images.get(node);
        if (!set) this.images.set(node, (set = new Set()));
        return set;
      },
      serviceLinks: (ns, enabled) => this.serviceLinks(ns, enabled),
      hasPullSecret: (pod) => this.pullSecrets(pod),
    };
  }

  start(): void {
    this.watch = this.opts.store.watch(PODS, { resourceVersion: "0" }, (ev) => {
      if (ev.type === "ADDED" || ev.type === "MODIFIED") this.onPod(ev.object);
      else if (ev.type === "DELETED") this.onDeleted(ev.object);
    });
  }

  stop(): void {
    this.watch?.stop();
    stopInformers(this.informers);
    for (const w of this.workers.values()) w.destroy();
    this.workers.clear();
    this.ipsInUse.clear();
  }

  private onPod(pod: KubeObject): void {
    const spec = (pod as Json).spec ?? {};
    if (!spec.nodeName) return;
    const uid = pod.metadata.uid!;
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const phase = (pod as Json).status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return;
    // bound to a node that does not exist: no kubelet will ever run it (as on a real cluster)
    if (!this.node(spec.nodeName)) return;
    const worker = new PodWorker(this.host, pod);
    this.workers.set(uid, worker);
    if (worker.podIp) this.usedIps(worker.nodeName).add(worker.podIp); // an address from before a kubelet restart
    if (pod.metadata.deletionTimestamp) {
      // nothing started yet: nothing to stop
      worker.update(pod);
      return;
    }
    worker.begin();
  }

  private onDeleted(pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    const worker = this.workers.get(uid);
    worker?.destroy();
    this.workers.delete(uid);
    if (worker?.podIp) this.ipsInUse.get(worker.nodeName)?.delete(worker.podIp);
  }

  private node(name: string): KubeObject | undefined {
    return this.informers.nodes.get(undefined, name);
  }

  nodeIp(name: string): string {
    const addresses: Json[] = (this.node(name) as Json)?.status?.addresses ?? [];
    const internal = addresses.find((a) => a.type === "InternalIP")?.address;
    if (internal) return internal;
    const index = Number(/(\d+)$/.exec(name)?.[1] ?? 0);
    return `172.18.0.${index + 2}`;
  }

  /** The next free address in the node's pod CIDR (10.244.N.0/24). */
  allocatePodIp(nodeName: string): string {
    const cidr: string | undefined = (this.node(nodeName) as Json)?.spec?.podCIDR;
    const index = Number(/(\d+)$/.exec(nodeName)?.[1] ?? 1);
    const prefix = cidr ? cidr.split(".").slice(0, 3).join(".") : `10.244.${index}`;
    // Addresses come from the node's own CIDR, so only this node's pods can collide (a list of every pod in the
    // cluster per allocation was quadratic: 10 000 pods, docs/BENCHMARKS.md "Cluster scale").
    const used = this.usedIps(nodeName);
    let host = this.nextHost.get(nodeName) ?? FIRST_POD_HOST;
    for (let i = 0; i <= LAST_POD_HOST - FIRST_POD_HOST; i++) {
      const ip = `${prefix}.${host}`;
      host = host >= LAST_POD_HOST ? FIRST_POD_HOST : host + 1;
      if (!used.has(ip)) {
        this.nextHost.set(nodeName, host);
        used.add(ip);
        return ip;
      }
    }
    return `${prefix}.${host}`;
  }

  private usedIps(nodeName: string): Set<string> {
    let set = this.ipsInUse.get(nodeName);
    if (!set) this.ipsInUse.set(nodeName, (set = new Set()));
    return set;
  }

  /** Docker-link style env vars for the Services of a namespace (enableServiceLinks), plus `kubernetes`. */
  private serviceLinks(namespace: string, enabled: boolean): Record<string, string> {
    const env: Record<string, string> = {};
    const add = (name: string, ip: string, ports: Json[]) => {
      const n = name.toUpperCase().replace(/-/g, "_");
      const first = ports[0];
      if (!first) return;
      env[`${n}_SERVICE_HOST`] = ip;
      env[`${n}_SERVICE_PORT`] = String(first.port);
      for (const p of ports) if (p.name) env[`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`] = String(p.port);
      env[`${n}_PORT`] = `${(first.protocol ?? "TCP").toLowerCase()}://${ip}:${first.port}`;
      for (const p of ports) {
        const proto = (p.protocol ?? "TCP").toUpperCase();
        const base = `${n}_PORT_${p.port}_${proto}`;
        env[base] = `${proto.toLowerCase()}://${ip}:${p.port}`;
        env[`${base}_PROTO`] = proto.toLowerCase();
        env[`${base}_PORT`] = String(p.port);
        env[`${base}_ADDR`] = ip;
      }
    };
    if (enabled) {
      for (const svc of this.informers.services.list(namespace)) {
        const spec = (svc as Json).spec ?? {};
        if (!spec.clusterIP || spec.clusterIP === "None") continue;
        add(svc.metadata.name, spec.clusterIP, spec.ports ?? []);
      }
    }
    add("kubernetes", KUBERNETES_SERVICE_IP, [{ name: "https", port: 443, protocol: "TCP" }]);
    return env;
  }

  private pullSecrets(pod: KubeObject): { ok: boolean; missing: string[] } {
    const ns = pod.metadata.namespace ?? "default";
    const spec = (pod as Json).spec ?? {};
    const own: string[] = (spec.imagePullSecrets ?? []).map((s: Json) => s.name).filter(Boolean);
    const sa = this.informers.serviceAccounts.get(ns, spec.serviceAccountName ?? "default") as Json;
    const fromSa: string[] = (sa?.imagePullSecrets ?? []).map((s: Json) => s.name).filter(Boolean);
    const exists = (n: string) => !!this.informers.secrets.get(ns, n);
    return { ok: [...own, ...fromSa].some(exists), missing: own.filter((n) => !exists(n)) };
  }
}

/**
 * Firedrill's handle on a Kubernetes API server (the sim or a real cluster), built from a
 * kubeconfig. Everything the game does to a cluster goes through here, over HTTP, via
 * @kubernetes/client-node, in both modes.
 */
import { KubeConfig, PatchStrategy, Watch, type KubernetesObject } from "@kubernetes/client-node";
import type { ParamValues } from "../scenarios/index.js";
import { RealClock, silentLogger, type Clock, type Logger, type TimerHandle } from "../core/index.js";
import { errorStatus, KubeApiError, ObjectClient, type ObjectHeader } from "./api-client.js";
import { readAppSource, renderAppManifests, sortForApply, type AppSource } from "./app-manifests.js";
import { collectionPath, SNAPSHOT_KINDS, type SnapshotKind } from "./kinds.js";
import { teamNamespaceName } from "./names.js";
import { NamespaceWatch, type NamespaceSnapshot, type NamespaceWatchHandler } from "./namespace-watch.js";
import {
  gameSelector,
  LABEL_GAME,
  LABEL_TEAM_ID,
  playerClusterRole,
  playerClusterRoleBinding,
  playerClusterRoleBindingName,
  teamFenceObjects,
  teamNamespace,
  type TeamIdentity,
} from "./team-resources.js";

/** Field manager name on every write Firedrill makes (visible in managedFields). */
export const FIELD_MANAGER = "firedrill";
/** How long provisioning waits for the baseline app to become healthy. */
export const DEFAULT_HEALTHY_TIMEOUT_MS = 120_000;
/** Credentials used by the gateway are re-read this often (in-cluster tokens rotate). */
export const UPSTREAM_CREDENTIAL_REFRESH_MS = 60_000;

export type PatchType = "strategic" | "merge" | "json";

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: PatchStrategy.StrategicMergePatch,
  merge: PatchStrategy.MergePatch,
  json: PatchStrategy.JsonPatch,
};

/** Identifies one object: `{ apiVersion: "apps/v1", kind: "Deployment", name: "frontend" }`. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface ClusterOptions {
  clock?: Clock;
  logger?: Logger;
  /** Root of the scenarios folder (baseline apps live in `<dir>/apps/<app>/`); default `./scenarios`. */
  scenariosDir?: string;
}

export interface ProvisionGame {
  code: string;
}

export interface ProvisionTeam {
  id: string;
  /** URL-safe short name; the namespace is `fd-<game>-<slug>`. */
  slug: string;
}

export interface ProvisionOptions {
  /** Baseline app under scenarios/apps; default "taskmaster". */
  app?: string;
  /** The team's drawn params, for `{{params.x}}` in the app manifests (`{{namespace}}`, `{{team}}` are set). */
  params?: ParamValues;
  /** Wait until every Deployment is Available; default true. */
  waitForHealthy?: boolean;
  healthyTimeoutMs?: number;
  quota?: Record<string, string>;
  ingressControllerNamespaces?: string[];
  /** Networks the API server's proxy and nodes reach pods from (team NetworkPolicy allows them). */
  controlPlaneCidrs?: string[];
}

/** Structurally what gateway/ needs to forward requests (kept import-free of gateway/). */
export interface UpstreamTarget {
  url: string;
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  credentials(): Record<string, string>;
}

/** A Deployment counts as healthy when its current generation is fully rolled out and available. */
export function deploymentAvailable(d: KubernetesObject & { spec?: { replicas?: number }; status?: Record<string, unknown> }): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = (d.status ?? {}) as {
    observedGeneration?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
  };
  const generation = d.metadata?.generation ?? 0;
  if ((s.observedGeneration ?? 0) < generation) return false;
  return (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want;
}

export class Cluster {
  readonly client: ObjectClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly scenariosDir: string;
  private readonly watches = new Map<string, NamespaceWatch>();
  private clusterRoleReady: Promise<void> | undefined;
  /** Baseline app files, read once (they are part of the build, not edited while a game runs). */
  private readonly appSources = new Map<string, Promise<AppSource>>();

  constructor(
    readonly kubeconfig: KubeConfig,
    options: ClusterOptions = {},
  ) {
    this.clock = options.clock ?? new RealClock();
    this.logger = options.logger ?? silentLogger();
    this.scenariosDir = options.scenariosDir ?? "scenarios";
    this.client = ObjectClient.makeApiClient(kubeconfig);
  }

  /** `sim` mode: the sim's admin kubeconfig (YAML text). */
  static fromKubeconfigYaml(yaml: string, options?: ClusterOptions): Cluster {
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    return new Cluster(kc, options);
  }

  /**
   * `kube` mode: an explicit kubeconfig file, else `$KUBECONFIG` / `~/.kube/config`, else the
   * in-cluster ServiceAccount (client-node's default lookup order).
   */
  static fromEnvironment(options?: ClusterOptions & { kubeconfigPath?: string }): Cluster {
    const kc = new KubeConfig();
    if (options?.kubeconfigPath) kc.loadFromFile(options.kubeconfigPath);
    else kc.loadFromDefault();
    if (!kc.getCurrentCluster()) throw new Error("no Kubernetes cluster configured (KUBECONFIG or in-cluster)");
    return new Cluster(kc, options);
  }

  /** The API server URL. */
  get server(): string {
    return this.kubeconfig.getCurrentCluster()?.server ?? "";
  }

  // ------------------------------------------------------------------ generic object operations

  private async header(namespace: string, ref: ObjectRef): Promise<string> {
    return this.client.objectPath({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace } });
  }

  /** Reads one object; undefined when it does not exist. */
  async get<T extends KubernetesObject = KubernetesObject>(namespace: string, ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.client.json<T>("GET", await this.header(namespace, ref));
    } catch (err) {
      if (errorStatus(err) === 404) return undefined;
      throw err;
    }
  }

  async list<T extends KubernetesObject = KubernetesObject>(
    namespace: string,
    apiVersion: string,
    kind: string,
    opts: { labelSelector?: string } = {},
  ): Promise<T[]> {
    return this.client.listObjects<T>(apiVersion, kind, namespace, opts.labelSelector);
  }

  /**
   * Create-or-patch: creates each object in `namespace`; an existing one gets the manifest as a
   * strategic merge patch (merge patch for kinds without strategic-merge support, e.g. CRDs).
   */
  async apply(namespace: string, objects: KubernetesObject | KubernetesObject[]): Promise<KubernetesObject[]> {
    const list = Array.isArray(objects) ? objects : [objects];
    const out: KubernetesObject[] = [];
    for (const obj of sortForApply(list)) out.push(await this.applyOne(namespace, obj));
    return out;
  }

  private async applyOne(namespace: string, obj: KubernetesObject): Promise<KubernetesObject> {
    const spec = { ...obj, metadata: { ...obj.metadata, namespace: obj.kind === "Namespace" ? undefined : namespace } };
    try {
      return await this.client.createObject(spec, FIELD_MANAGER);
    } catch (err) {
      if (errorStatus(err) !== 409) throw err;
    }
    const ref = { apiVersion: obj.apiVersion!, kind: obj.kind!, name: obj.metadata!.name! };
    const { metadata, ...rest } = spec;
    const body = { ...rest, metadata: { labels: metadata.labels, annotations: metadata.annotations } };
    const builtIn = !obj.apiVersion!.includes(".") || obj.apiVersion!.includes(".k8s.io/");
    return this.patch(namespace, ref, body, builtIn ? "strategic" : "merge");
  }

  async patch(namespace: string, ref: ObjectRef, patch: unknown, type: PatchType = "strategic"): Promise<KubernetesObject> {
    return this.client.json("PATCH", await this.header(namespace, ref), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      query: { fieldManager: FIELD_MANAGER },
    });
  }

  /** Deletes one object; returns false when it was already gone. */
  async delete(
    namespace: string,
    ref: ObjectRef,
    opts: { propagationPolicy?: "Background" | "Foreground" | "Orphan"; gracePeriodSeconds?: number } = {},
  ): Promise<boolean> {
    try {
      await this.client.json("DELETE", await this.header(namespace, ref), {
        body: {
          kind: "DeleteOptions",
          apiVersion: "v1",
          propagationPolicy: opts.propagationPolicy ?? "Background",
          ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
        },
      });
      return true;
    } catch (err) {
      if (errorStatus(err) === 404) return false;
      throw err;
    }
  }

  /** Sets replicas through the `/scale` subresource (Deployment, StatefulSet, ReplicaSet). */
  async scale(namespace: string, ref: ObjectRef, replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`invalid replica count ${replicas}`);
    await this.client.json("PATCH", `${await this.header(namespace, ref)}/scale`, {
      body: { spec: { replicas } },
      contentType: PatchStrategy.MergePatch,
    });
  }

  /** GET through the services proxy subresource (e.g. the app's health page). */
  async proxyGet(namespace: string, service: string, port: number | string, path = "/"): Promise<{ status: number; body: string }> {
    const p = path.startsWith("/") ? path : `/${path}`;
    const res = await this.client.raw(
      "GET",
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(`${service}:${port}`)}/proxy${p}`,
      { accept: "*/*" },
    );
    return { status: res.status, body: res.text };
  }

  // ------------------------------------------------------------------ team namespaces

  /** `fd-<game>-<team>` */
  namespaceFor(game: ProvisionGame, team: ProvisionTeam): string {
    return teamNamespaceName(game.code, team.slug);
  }

  /**
   * The shared player ClusterRole: read first, create only if missing, so an operator can
   * pre-create it (infra/k8s) and withhold `create clusterroles` from Firedrill.
   */
  private ensureClusterRole(): Promise<void> {
    const role = playerClusterRole();
    const ref = { apiVersion: role.apiVersion!, kind: role.kind!, name: role.metadata!.name! };
    this.clusterRoleReady ??= this.get("", ref)
      .then((existing) => (existing ? undefined : this.createOrKeep(role)))
      .catch((err) => {
      this.clusterRoleReady = undefined;
      throw err;
    });
    return this.clusterRoleReady;
  }

  private async createOrKeep(obj: KubernetesObject): Promise<void> {
    try {
      await this.client.createObject(obj, FIELD_MANAGER);
    } catch (err) {
      if (errorStatus(err) !== 409) throw err;
    }
  }

  /**
   * Creates the team's namespace and fences, applies the baseline app with the team's params, and
   * (by default) waits until every Deployment is Available. Idempotent: re-running it for the same
   * team converges; a namespace that belongs to another game or team is an error.
   */
  async provisionTeam(game: ProvisionGame, team: ProvisionTeam, opts: ProvisionOptions = {}): Promise<{ namespace: string }> {
    const namespace = this.namespaceFor(game, team);
    const identity: TeamIdentity = { gameCode: game.code, teamId: team.id, teamSlug: team.slug, namespace };
    const app = opts.app ?? "taskmaster";
    let source = this.appSources.get(app);
    if (!source) {
      source = readAppSource(this.scenariosDir, app);
      this.appSources.set(app, source);
      source.catch(() => this.appSources.delete(app));
    }
    const manifests = renderAppManifests(await source, { params: opts.params ?? {}, namespace, team: team.slug });

    await this.ensureClusterRole();
    const nsObj = teamNamespace(identity);
    try {
      await this.client.createObject(nsObj, FIELD_MANAGER);
    } catch (err) {
      if (errorStatus(err) !== 409) throw err;
      const existing = await this.get(namespace, { apiVersion: "v1", kind: "Namespace", name: namespace });
      const labels = existing?.metadata?.labels ?? {};
      if (labels[LABEL_GAME] !== identity.gameCode.toLowerCase() || labels[LABEL_TEAM_ID] !== team.id) {
        throw new KubeApiError(409, "AlreadyExists", `namespace ${namespace} exists and belongs to someone else`);
      }
    }
    await Promise.all([
      ...teamFenceObjects(identity, { quota: opts.quota, ingressControllerNamespaces: opts.ingressControllerNamespaces, controlPlaneCidrs: opts.controlPlaneCidrs }).map((o) =>
        this.createOrKeep(o),
      ),
      this.createOrKeep(playerClusterRoleBinding(identity)),
    ]);
    // Independent objects go in parallel; the order only matters for readability of events.
    await Promise.all(sortForApply(manifests).map((m) => this.applyOne(namespace, m)));
    if (opts.waitForHealthy !== false) await this.waitForHealthy(namespace, { timeoutMs: opts.healthyTimeoutMs });
    return { namespace };
  }

  /** Deletes a team namespace (the API server cascades its contents) and its cluster binding. */
  async teardownTeam(namespace: string): Promise<void> {
    this.stopWatching(namespace);
    await Promise.all([
      this.delete("", { apiVersion: "v1", kind: "Namespace", name: namespace }),
      this.delete("", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: playerClusterRoleBindingName(namespace) }),
    ]);
  }

  /** Removes every namespace and cluster binding a game created (found by label, so nothing is missed). */
  async cleanupGame(gameCode: string): Promise<string[]> {
    const selector = gameSelector(gameCode);
    const [namespaces, bindings] = await Promise.all([
      this.list("", "v1", "Namespace", { labelSelector: selector }),
      this.list("", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", { labelSelector: selector }),
    ]);
    const names = namespaces.map((n) => n.metadata!.name!);
    for (const n of names) this.stopWatching(n);
    await Promise.all([
      ...names.map((name) => this.delete("", { apiVersion: "v1", kind: "Namespace", name })),
      ...bindings.map((b) =>
        this.delete("", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: b.metadata!.name! }),
      ),
    ]);
    return names;
  }

  /**
   * Resolves when every Deployment in the namespace is Available (at least one must exist).
   * Watches rather than polls; rejects after `timeoutMs` naming the Deployments still unavailable.
   */
  async waitForHealthy(namespace: string, opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_HEALTHY_TIMEOUT_MS;
    const watch = new NamespaceWatch(this.deps(), namespace, ["deployments"]);
    let timer: TimerHandle | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        let listed = false;
        const check = () => {
          // events of the initial list arrive one by one: judge only once the whole list is in
          if (!listed) return;
          const deployments = Object.values(watch.snapshot().deployments);
          if (deployments.length > 0 && deployments.every(deploymentAvailable)) resolve();
        };
        timer = this.clock.setTimeout(() => {
          const waiting = Object.values(watch.snapshot().deployments)
            .filter((d) => !deploymentAvailable(d))
            .map((d) => d.metadata?.name);
          reject(new Error(`namespace ${namespace} not healthy after ${timeoutMs} ms; waiting for: ${waiting.join(", ") || "any deployment"}`));
        }, timeoutMs);
        watch.onEvent(check);
        watch.start().then(() => {
          listed = true;
          check();
        }, reject);
      });
    } finally {
      timer?.cancel();
      watch.stop();
    }
  }

  // ------------------------------------------------------------------ watching

  private deps() {
    return { kc: this.kubeconfig, client: this.client, clock: this.clock, logger: this.logger };
  }

  /**
   * Starts (or reuses) a list+watch of the namespace; resolves once every kind is listed.
   * `handler` receives every change; the returned function unsubscribes it.
   */
  async watchNamespace(
    namespace: string,
    kinds?: readonly SnapshotKind[],
    handler?: NamespaceWatchHandler,
  ): Promise<() => void> {
    let w = this.watches.get(namespace);
    if (!w) {
      w = new NamespaceWatch(this.deps(), namespace, kinds);
      this.watches.set(namespace, w);
    }
    const off = handler ? w.onEvent(handler) : () => {};
    await w.start();
    return off;
  }

  /** The current objects of a watched namespace; undefined when it is not watched. */
  getSnapshot(namespace: string): NamespaceSnapshot | undefined {
    return this.watches.get(namespace)?.snapshot();
  }

  /** The live watch of a namespace (its per-kind watchers), if one was started. */
  namespaceWatch(namespace: string): NamespaceWatch | undefined {
    return this.watches.get(namespace);
  }

  stopWatching(namespace: string): void {
    this.watches.get(namespace)?.stop();
    this.watches.delete(namespace);
  }

  /** A raw watch on any collection path (used by tools and tests). */
  newWatch(): Watch {
    return new Watch(this.kubeconfig);
  }

  /** Collection URL of a snapshot kind in a namespace. */
  static collectionPath(kind: SnapshotKind, namespace: string): string {
    return collectionPath(SNAPSHOT_KINDS[kind], namespace);
  }

  // ------------------------------------------------------------------ gateway upstream

  /**
   * What the gateway needs to forward player requests as Firedrill: the API server URL, its CA,
   * any client certificate, and the credential header (re-read periodically, since in-cluster
   * ServiceAccount tokens rotate).
   */
  async upstreamTarget(): Promise<UpstreamTarget & { stop(): void }> {
    const cluster = this.kubeconfig.getCurrentCluster();
    if (!cluster) throw new Error("no current cluster in kubeconfig");
    const read = async () => {
      const opts: { headers?: Record<string, string>; ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
      await this.kubeconfig.applyToHTTPSOptions(opts as never);
      return opts;
    };
    let current = await read();
    const refresh = this.clock.setInterval(() => {
      read().then(
        (o) => (current = o),
        (err) => this.logger.warn({ err: String(err) }, "refreshing API credentials failed"),
      );
    }, UPSTREAM_CREDENTIAL_REFRESH_MS);
    return {
      url: cluster.server,
      ca: current.ca,
      cert: current.cert,
      key: current.key,
      rejectUnauthorized: !cluster.skipTLSVerify,
      credentials: () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(current.headers ?? {})) if (k.toLowerCase() === "authorization") h.authorization = String(v);
        return h;
      },
      stop: () => refresh.cancel(),
    };
  }

  /** Stops every watch this Cluster started. */
  close(): void {
    for (const ns of [...this.watches.keys()]) this.stopWatching(ns);
  }
}

export type { ObjectHeader };

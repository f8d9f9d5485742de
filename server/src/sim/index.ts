/**
 * The simulated Kubernetes cluster as one unit: object store + admission + RBAC bootstrap +
 * controllers (+ kubelet) behind an HTTPS kube-apiserver. The game talks to it like to any cluster,
 * through the URL and admin kubeconfig this returns.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { newToken, seededRandom } from "../core/ids.js";
import type { Clock } from "../core/clock.js";
import { ScaledClock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import { loadOrCreateTls } from "../core/tls.js";
import type { ImageCatalog } from "../scenarios/image-catalog.js";
import { registerAdmission } from "./api/admission/index.js";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "./auth/bootstrap.js";
import { startControllers } from "./controllers/index.js";
import type { EventRecorder } from "./events/index.js";
import { startKubelet } from "./kubelet/index.js";
import type { Identity } from "./auth/rbac.js";
import type { PodRuntime } from "./runtime.js";
import { createSimApiServer, DEFAULT_SIM_HOST } from "./server.js";
import { createObjectStore, isStatusError } from "./store/index.js";
import type { GroupVersionResource, KubeObject, ObjectStore } from "./store/types.js";

export { createSimApiServer, type SimApiServer, type SimApiServerOptions } from "./server.js";
export { SIM_VERSION_INFO } from "./api/router.js";
export { authorize, type Identity, type RequestAttributes, type RbacObjects } from "./auth/rbac.js";
export { serviceAccountIdentity, adminIdentity } from "./auth/authn.js";

/** The cluster/context/user name in the admin kubeconfig. */
export const SIM_CLUSTER_NAME = "firedrill-sim";
const RBAC = "rbac.authorization.k8s.io";

export interface StartSimClusterOptions {
  clock: Clock;
  /** Port to bind; 0 or unset picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (the gateway is the only public door). */
  host?: string;
  /** Where TLS material (sim-ca.crt, sim-tls.crt, …) is kept between restarts. */
  dataDir: string;
  /** Simulated cluster time runs this many times faster than `clock` (FIREDRILL_TIME_SCALE). */
  timeScale?: number;
  /** Image catalog for the kubelet; without it no kubelet runs (pods are scheduled but never start). */
  catalog?: ImageCatalog;
  logger: Logger;
  /** Fixed admin token (tests, or a restart that must keep kubeconfigs valid); default random. */
  adminToken?: string;
  /** Extra DNS names / IPs for the serving certificate. */
  tlsHosts?: string[];
  /** Run the controllers (default true); API-only tests turn them off to own every object. */
  controllers?: boolean;
  /** Change events kept for watch resume; older resourceVersions get 410 Gone. Default: the store's. */
  watchHistorySize?: number;
  /**
   * Seed for generated name suffixes and kubelet jitter, so a FakeClock run is repeatable (golden tests).
   * Default: random name suffixes, as on a real cluster. (ClusterIPs are always seeded by admission.)
   */
  seed?: number | string;
}

export interface SimCluster {
  url: string;
  adminToken: string;
  caPem: string;
  store: ObjectStore;
  /** The clock the cluster runs on (scaled when timeScale ≠ 1). */
  clock: Clock;
  adminKubeconfig(): string;
  writeAdminKubeconfig(path: string): Promise<void>;
  /** Attach the node runtime later (logs, exec, proxy). */
  setRuntime(runtime: PodRuntime | undefined): void;
  /** Accept another bearer token as `identity` (e.g. a ServiceAccount token for an in-cluster client). */
  addToken(token: string, identity: Identity): void;
  close(): Promise<void>;
}

function ensureObject(store: ObjectStore, gvr: GroupVersionResource, obj: KubeObject): void {
  if (store.get(gvr, obj.metadata.namespace, obj.metadata.name)) return;
  try {
    store.create(gvr, obj);
  } catch (err) {
    if (!(isStatusError(err) && err.reason === "AlreadyExists")) throw err;
  }
}

/** The RBAC defaults a kube-apiserver bootstraps (cluster-admin, admin, edit, view, basic-user, discovery). */
export function bootstrapRbac(store: ObjectStore): void {
  for (const r of bootstrapClusterRoles()) ensureObject(store, { group: RBAC, version: "v1", resource: "clusterroles" }, r);
  for (const b of bootstrapClusterRoleBindings()) ensureObject(store, { group: RBAC, version: "v1", resource: "clusterrolebindings" }, b);
}

export function kubeconfigYaml(opts: { url: string; caPem: string; token: string; user?: string; namespace?: string; name?: string }): string {
  const name = opts.name ?? SIM_CLUSTER_NAME;
  const user = opts.user ?? `${name}-admin`;
  const ca = Buffer.from(opts.caPem, "utf8").toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${opts.url}`,
    `    certificate-authority-data: ${ca}`,
    "users:",
    `- name: ${user}`,
    "  user:",
    `    token: ${opts.token}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${user}`,
    ...(opts.namespace ? [`    namespace: ${opts.namespace}`] : []),
    `current-context: ${name}`,
    "",
  ].join("\n");
}

export async function startSimCluster(opts: StartSimClusterOptions): Promise<SimCluster> {
  const clock = opts.timeScale && opts.timeScale !== 1 ? new ScaledClock(opts.clock, opts.timeScale) : opts.clock;
  const host = opts.host ?? DEFAULT_SIM_HOST;
  const tls = await loadOrCreateTls({ dir: opts.dataDir, prefix: "sim-", hosts: [...new Set(["localhost", "127.0.0.1", host, ...(opts.tlsHosts ?? [])])] });
  const seeded = opts.seed !== undefined;
  const store = createObjectStore({
    clock,
    watchHistorySize: opts.watchHistorySize,
    onWatcherError: (err) => opts.logger.error({ err }, "sim watcher failed"),
    ...(seeded ? { random: seededRandom(`${opts.seed}/names`) } : {}),
  });
  registerAdmission(store);
  bootstrapRbac(store);
  const controllers: { stop(): void; recorder?: EventRecorder } =
    opts.controllers === false ? { stop() {} } : startControllers({ store, clock, logger: opts.logger });
  // Without a catalog (API-only tests) pods just sit in the store, like KWOK without stages.
  // One recorder for controllers and kubelet, so repeated events aggregate across both.
  const recorder = "recorder" in controllers ? controllers.recorder : undefined;
  const kubelet = opts.catalog
    ? startKubelet({ store, clock, catalog: opts.catalog, logger: opts.logger, ...(recorder ? { recorder } : {}), ...(seeded ? { random: seededRandom(`${opts.seed}/kubelet`) } : {}) })
    : undefined;
  const runtime: PodRuntime | undefined = kubelet?.runtime;
  const adminToken = opts.adminToken ?? newToken("sim-");
  const server = createSimApiServer({ store, clock, runtime, tls, adminTokens: [adminToken], logger: opts.logger, host, port: opts.port ?? 0 });
  await server.listen();
  const adminKubeconfig = () => kubeconfigYaml({ url: server.url, caPem: tls.caPem, token: adminToken });
  opts.logger.info({ url: server.url }, "simulated cluster listening");
  return {
    url: server.url,
    adminToken,
    caPem: tls.caPem,
    store,
    clock,
    adminKubeconfig,
    async writeAdminKubeconfig(path: string) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, adminKubeconfig(), { mode: 0o600 });
    },
    setRuntime: (rt) => server.setRuntime(rt),
    addToken: (token, identity) => server.addToken(token, identity),
    async close() {
      kubelet?.stop();
      controllers.stop();
      await server.close();
    },
  };
}

/**
 * Evaluates a team's open incidents against its namespace: the snapshot from the watch (kube/) plus the
 * HTTP checks a recovery block asks for through the service proxy. Called on watch events, never polled.
 */
import type { Scenario } from "../../scenarios/index.js";
import { evaluateRecovery, proxyChecksFor, type NamespaceSnapshot, type RecoveryEvaluation } from "../recovery.js";
import type { RuntimeCluster } from "./types.js";

/** Longest a proxy probe may take before it counts as failing, in ms. */
export const PROXY_PROBE_TIMEOUT_MS = 2_000;

export async function evaluateIncident(
  cluster: RuntimeCluster,
  namespace: string,
  recovery: Scenario["recovery"],
): Promise<RecoveryEvaluation | null> {
  const snapshot = cluster.getSnapshot(namespace);
  if (!snapshot) return null;
  const proxy: Record<string, number | undefined> = {};
  await Promise.all(
    proxyChecksFor(recovery).map(async (check) => {
      proxy[check.key] = await probe(cluster, namespace, check.service, check.port ?? firstServicePort(snapshot, check.service), check.path);
    }),
  );
  return evaluateRecovery(recovery, { snapshot: snapshot as unknown as NamespaceSnapshot, proxy });
}

/** A proxy check without a port goes to the Service's first port, as `kubectl proxy` paths do. */
function firstServicePort(snapshot: object, service: string): number | string {
  const svc = (snapshot as { services?: Record<string, { spec?: { ports?: { port?: number; name?: string }[] } }> }).services?.[service];
  const first = svc?.spec?.ports?.[0];
  return first?.name || first?.port || DEFAULT_PROXY_PORT;
}

/** When the Service is not in the snapshot (yet), the probe fails like kubectl would, on the usual HTTP port. */
export const DEFAULT_PROXY_PORT = 80;

/** A wall-clock timeout on purpose: it bounds real network IO, which the injected clock does not drive. */
async function probe(cluster: RuntimeCluster, namespace: string, service: string, port: string | number, path: string): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PROXY_PROBE_TIMEOUT_MS);
    });
    const res = await Promise.race([cluster.proxyGet(namespace, service, port, path).then((r) => r.status), timeout]);
    return res;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

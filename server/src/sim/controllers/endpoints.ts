/**
 * Endpoints and EndpointSlice controllers in one: for every Service with a selector, the pods it
 * selects (with an IP, not finished, not terminating) become `addresses` when Ready and
 * `notReadyAddresses` otherwise, on the target ports resolved per pod (a number, or a named
 * container port). Services without a selector are left alone, as upstream does.
 */
import type { KubeObject } from "../store/types.js";
import { type Controller, type ControllerContext, stopAll, watchAll } from "./controller.js";
import { ENDPOINTS, ENDPOINT_SLICES, PODS, SERVICES } from "./gvr.js";
import { mapSelectorMatches } from "./label-selector.js";
import { canonicalJson, deepEqual, isControlledBy, type Json, objectKey, ownerRefTo, splitKey, statusCode } from "./objects.js";
import { isPodReady, podTerminal } from "./pod-util.js";
import { createWorkQueue } from "./work-queue.js";

export const ENDPOINTS_COMPONENT = "endpoint-controller";
export const ENDPOINTSLICE_MANAGER = "endpointslice-controller.k8s.io";

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

interface PodEndpoint {
  pod: Json;
  ready: boolean;
  terminating: boolean;
  ports: EndpointPort[];
}

/** The container port a Service port's targetPort means for this pod, or undefined when it has none. */
export function resolveTargetPort(svcPort: Json, pod: Json): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === (svcPort.protocol ?? "TCP")) return p.containerPort;
  }
  return undefined;
}

/** Which pods belong in a Service's endpoints and how (pure; table-tested). */
export function podEndpoints(svc: Json, pods: Json[]): PodEndpoint[] {
  const out: PodEndpoint[] = [];
  const publishNotReady = Boolean(svc.spec?.publishNotReadyAddresses);
  for (const pod of pods) {
    if (!mapSelectorMatches(svc.spec?.selector, pod.metadata.labels)) continue;
    if (podTerminal(pod) || !pod.status?.podIP) continue;
    const terminating = Boolean(pod.metadata.deletionTimestamp);
    const ports: EndpointPort[] = [];
    let missing = false;
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) {
        missing = true;
        continue;
      }
      const ep: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    // upstream drops a pod whose named port cannot be resolved for a Service port
    if (missing && ports.length === 0) continue;
    out.push({ pod, ready: publishNotReady || isPodReady(pod), terminating, ports });
  }
  return out;
}

function targetRef(pod: Json) {
  return { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
}

const byIp = (a: Json, b: Json) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);

/** `subsets` as the Endpoints controller packs them: one subset per distinct port set. */
export function endpointSubsets(eps: PodEndpoint[]): Json[] | undefined {
  const groups = new Map<string, { ports: EndpointPort[]; addresses: Json[]; notReadyAddresses: Json[] }>();
  for (const ep of eps) {
    if (ep.terminating) continue;
    const key = canonicalJson(ep.ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: ep.ports, addresses: [], notReadyAddresses: [] }));
    const addr: Json = { ip: ep.pod.status.podIP };
    if (ep.pod.spec?.nodeName) addr.nodeName = ep.pod.spec.nodeName;
    addr.targetRef = targetRef(ep.pod);
    (ep.ready ? g.addresses : g.notReadyAddresses).push(addr);
  }
  const subsets = [...groups.values()].map((g) => {
    const s: Json = {};
    if (g.addresses.length) s.addresses = g.addresses.sort(byIp);
    if (g.notReadyAddresses.length) s.notReadyAddresses = g.notReadyAddresses.sort(byIp);
    if (g.ports.length) s.ports = g.ports;
    return s;
  });
  return subsets.length ? subsets : undefined;
}

export const endpointsController: Controller = {
  name: ENDPOINTS_COMPONENT,
  start(ctx: ControllerContext) {
    const { store, clock } = ctx;
    /** service key → pods it listed last time, so a pod leaving the selector still triggers a sync. */
    const members = new Map<string, Set<string>>();

    function reconcile(key: string) {
      const { namespace, name } = splitKey(key);
      const svc = store.get(SERVICES, namespace, name) as Json;
      if (!svc) {
        members.delete(key);
        deleteIfExists(ENDPOINTS, namespace!, name);
        for (const s of store.list(ENDPOINT_SLICES, { namespace, labelSelector: `kubernetes.io/service-name=${name}` }).items) {
          deleteIfExists(ENDPOINT_SLICES, namespace!, s.metadata.name);
        }
        return;
      }
      if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return;
      if (svc.metadata.deletionTimestamp) return;
      const eps = podEndpoints(svc, store.list(PODS, { namespace }).items);
      members.set(key, new Set(eps.map((e) => e.pod.metadata.name)));
      syncEndpoints(svc, eps);
      syncSlices(svc, eps);
    }

    function deleteIfExists(gvr: typeof ENDPOINTS, namespace: string, name: string) {
      try {
        store.delete(gvr, namespace, name);
      } catch (err) {
        if (statusCode(err) !== 404) throw err;
      }
    }

    function syncEndpoints(svc: Json, eps: PodEndpoint[]) {
      const subsets = endpointSubsets(eps);
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
      if (svc.spec?.clusterIP === "None") labels["service.kubernetes.io/headless"] = "";
      const existing = store.get(ENDPOINTS, svc.metadata.namespace, svc.metadata.name) as Json;
      const desired: Json = {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, ...(Object.keys(labels).length ? { labels } : {}) },
        ...(subsets ? { subsets } : {}),
      };
      if (!existing) {
        store.create(ENDPOINTS, desired, { fieldManager: ENDPOINTS_COMPONENT });
        return;
      }
      if (deepEqual(existing.subsets, desired.subsets) && deepEqual(existing.metadata.labels ?? {}, labels)) return;
      const next = { ...existing, metadata: { ...existing.metadata, labels: desired.metadata.labels } };
      if (subsets) next.subsets = subsets;
      else delete next.subsets;
      store.update(ENDPOINTS, next, { fieldManager: ENDPOINTS_COMPONENT });
    }

    function syncSlices(svc: Json, eps: PodEndpoint[]) {
      const groups = new Map<string, { ports: EndpointPort[]; endpoints: Json[] }>();
      for (const ep of eps) {
        const key = canonicalJson(ep.ports);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { ports: ep.ports, endpoints: [] }));
        const e: Json = {
          addresses: [ep.pod.status.podIP],
          conditions: { ready: ep.ready && !ep.terminating, serving: ep.ready, terminating: ep.terminating },
        };
        if (ep.pod.spec?.nodeName) e.nodeName = ep.pod.spec.nodeName;
        e.targetRef = targetRef(ep.pod);
        g.endpoints.push(e);
      }
      const desired = [...groups.values()].map((g) => ({
        ports: g.ports,
        endpoints: g.endpoints.sort((a, b) => (a.addresses[0] < b.addresses[0] ? -1 : 1)),
      }));
      // a Service with no endpoints still gets one empty placeholder slice
      if (desired.length === 0) desired.push({ ports: [], endpoints: [] });

      const labels = {
        ...(svc.metadata.labels ?? {}),
        "endpointslice.kubernetes.io/managed-by": ENDPOINTSLICE_MANAGER,
        "kubernetes.io/service-name": svc.metadata.name,
      };
      const existing = (store.list(ENDPOINT_SLICES, { namespace: svc.metadata.namespace }).items as Json[]).filter((s) => isControlledBy(s, svc));
      const unused = [...existing];
      for (const want of desired) {
        const body: Json = { addressType: "IPv4", endpoints: want.endpoints.length ? want.endpoints : null, ports: want.ports.length ? want.ports : null };
        const i = unused.findIndex((s) => deepEqual(s.ports ?? null, body.ports));
        const match = i >= 0 ? unused.splice(i, 1)[0] : unused.shift();
        if (!match) {
          store.create(
            ENDPOINT_SLICES,
            {
              apiVersion: "discovery.k8s.io/v1",
              kind: "EndpointSlice",
              metadata: { name: "", generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [ownerRefTo(svc)] },
              ...body,
            } as KubeObject,
            { fieldManager: ENDPOINTSLICE_MANAGER },
          );
          continue;
        }
        if (deepEqual(match.endpoints ?? null, body.endpoints) && deepEqual(match.ports ?? null, body.ports) && deepEqual(match.metadata.labels ?? {}, labels)) continue;
        store.update(ENDPOINT_SLICES, { ...match, metadata: { ...match.metadata, labels }, ...body }, { fieldManager: ENDPOINTSLICE_MANAGER });
      }
      for (const s of unused) deleteIfExists(ENDPOINT_SLICES, s.metadata.namespace, s.metadata.name);
    }

    const queue = createWorkQueue({ name: ENDPOINTS_COMPONENT, clock, logger: ctx.logger, reconcile });
    const handles = [
      watchAll(store, SERVICES, (ev) => queue.enqueue(objectKey(ev.object))),
      watchAll(store, PODS, (ev) => {
        const pod = ev.object;
        const ns = pod.metadata.namespace;
        for (const [key, pods] of members) if (pods.has(pod.metadata.name) && key.startsWith(`${ns}/`)) queue.enqueue(key);
        if (ev.type === "DELETED") return;
        for (const svc of store.list(SERVICES, { namespace: ns }).items as Json[]) {
          if (mapSelectorMatches(svc.spec?.selector, pod.metadata.labels)) queue.enqueue(objectKey(svc));
        }
      }),
      queue,
    ];
    return stopAll(handles);
  },
};

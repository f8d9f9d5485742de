import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom, KUBE_NAME_ALPHABET } from "../../../../server/src/core/index.js";
import {
  createObjectStore,
  StoreError,
  type GroupVersionResource,
  type KubeObject,
  type SimObjectStore,
  type WatchEvent,
} from "../../../../server/src/sim/store/index.js";

const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };
const DEPLOYMENTS: GroupVersionResource = { group: "apps", version: "v1", resource: "deployments" };
const REPLICASETS: GroupVersionResource = { group: "apps", version: "v1", resource: "replicasets" };
const CONFIGMAPS: GroupVersionResource = { group: "", version: "v1", resource: "configmaps" };
const NAMESPACES: GroupVersionResource = { group: "", version: "v1", resource: "namespaces" };

function makeStore(options: { watchHistorySize?: number } = {}) {
  const clock = new FakeClock();
  let n = 0;
  const errors: unknown[] = [];
  const store = createObjectStore({
    clock,
    random: seededRandom(1),
    newUid: () => `uid-${++n}`,
    onWatcherError: (e) => errors.push(e),
    ...options,
  });
  return { clock, store, errors };
}

function makePod(name: string, ns = "team-a", extra: Partial<KubeObject> = {}, labels: Record<string, string> = { app: "frontend" }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels },
    spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx:1.25" }] },
    ...extra,
  };
}

function makeDeployment(name = "frontend", ns = "team-a"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { spec: { containers: [{ name, image: "nginx:1.25" }] } } },
  };
}

function owned(obj: KubeObject, owner: KubeObject): KubeObject {
  obj.metadata.ownerReferences = [
    { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true },
  ];
  return obj;
}

function collect(store: SimObjectStore, gvr: GroupVersionResource, options: Parameters<SimObjectStore["watch"]>[1] = {}) {
  const events: WatchEvent[] = [];
  const handle = store.watch(gvr, options, (e) => events.push(e));
  const summary = () => events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);
  return { events, handle, summary };
}

function thrown(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error("expected a StoreError");
}

describe("create", () => {
  it("assigns uid, resourceVersion, creationTimestamp (RFC 3339, no fraction) and generation 1", () => {
    const { store, clock } = makeStore();
    clock.advance(1234);
    const pod = store.create(PODS, makePod("p1"));
    expect(pod.metadata).toMatchObject({
      name: "p1",
      namespace: "team-a",
      uid: "uid-1",
      resourceVersion: "1",
      generation: 1,
      creationTimestamp: "2026-01-01T09:00:01Z",
    });
    expect(store.currentResourceVersion()).toBe("1");
    expect(store.create(PODS, makePod("p2")).metadata.resourceVersion).toBe("2");
  });

  it("ignores client-supplied system fields", () => {
    const { store } = makeStore();
    const input = makePod("p1");
    input.metadata.resourceVersion = "999";
    input.metadata.deletionTimestamp = "2020-01-01T00:00:00Z";
    const pod = store.create(PODS, input);
    expect(pod.metadata.resourceVersion).toBe("1");
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    expect(input.metadata.resourceVersion).toBe("999"); // the caller's object is not mutated
  });

  it("generates a name from generateName with 5 characters of the kube alphabet", () => {
    const { store } = makeStore();
    const pod = store.create(PODS, { ...makePod(""), metadata: { name: "", generateName: "frontend-abc-", namespace: "team-a" } });
    expect(pod.metadata.name).toMatch(new RegExp(`^frontend-abc-[${KUBE_NAME_ALPHABET}]{5}$`));
  });

  it.each([
    ["core resource", PODS, makePod("x"), 'pods "x" already exists'],
    ["grouped resource", DEPLOYMENTS, makeDeployment("x"), 'deployments.apps "x" already exists'],
  ])("rejects a duplicate %s with 409 AlreadyExists", (_label, gvr, obj, message) => {
    const { store } = makeStore();
    store.create(gvr, obj);
    const err = thrown(() => store.create(gvr, obj));
    expect(err).toMatchObject({ code: 409, reason: "AlreadyExists", message });
    expect(err.details).toMatchObject({ name: "x", kind: gvr.resource });
  });

  it("rejects an object with neither name nor generateName (422)", () => {
    const { store } = makeStore();
    const err = thrown(() => store.create(DEPLOYMENTS, { ...makeDeployment(), metadata: { name: "", namespace: "team-a" } }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Deployment.apps "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it("same name in another namespace or resource is fine", () => {
    const { store } = makeStore();
    store.create(PODS, makePod("x", "a"));
    store.create(PODS, makePod("x", "b"));
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "a" } });
    expect(store.count(PODS)).toBe(2);
  });

  it("dryRun computes but does not persist", () => {
    const { store } = makeStore();
    const out = store.create(PODS, makePod("x"), { dryRun: true });
    expect(out.metadata.uid).toBeDefined();
    expect(store.get(PODS, "team-a", "x")).toBeUndefined();
    expect(store.currentResourceVersion()).toBe("0");
  });
});

describe("get and list", () => {
  it("returns copies: mutating them does not change the store", () => {
    const { store } = makeStore();
    store.create(PODS, makePod("x"));
    const a = store.get(PODS, "team-a", "x")!;
    a.metadata.labels!.app = "evil";
    expect(store.get(PODS, "team-a", "x")!.metadata.labels!.app).toBe("frontend");
  });

  it("peek/peekList return the stored frozen objects without copying", () => {
    const { store } = makeStore();
    store.create(PODS, makePod("x"));
    const peeked = store.peek(PODS, "team-a", "x")!;
    expect(Object.isFrozen(peeked.metadata)).toBe(true);
    expect(store.peekList(PODS, { namespace: "team-a" }).items[0]).toBe(peeked);
    expect(() => {
      (peeked.metadata as { name: string }).name = "y";
    }).toThrow(TypeError);
  });

  it("lists one namespace or all, sorted by namespace then name", () => {
    const { store } = makeStore();
    for (const [ns, name] of [["b", "z"], ["a", "y"], ["a-b", "x"], ["a", "b"]]) store.create(PODS, makePod(name!, ns));
    expect(store.list(PODS).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["a/b", "a/y", "a-b/x", "b/z"]);
    expect(store.list(PODS, { namespace: "a" }).items.map((p) => p.metadata.name)).toEqual(["b", "y"]);
    expect(store.list(PODS, { namespace: "none" }).items).toEqual([]);
    expect(store.list(PODS).resourceVersion).toBe("4");
  });

  it.each([
    ["app=frontend", ["f1", "f2"]],
    ["app!=frontend", ["b1", "n1"]],
    ["app in (backend,frontend)", ["b1", "f1", "f2"]],
    ["app notin (frontend)", ["b1", "n1"]],
    ["tier", ["f1"]],
    ["!tier", ["b1", "f2", "n1"]],
    ["app=frontend,tier=web", ["f1"]],
  ])("filters by label selector %s", (selector, names) => {
    const { store } = makeStore();
    store.create(PODS, makePod("f1", "ns", {}, { app: "frontend", tier: "web" }));
    store.create(PODS, makePod("f2", "ns", {}, { app: "frontend" }));
    store.create(PODS, makePod("b1", "ns", {}, { app: "backend" }));
    store.create(PODS, makePod("n1", "ns", {}, {}));
    expect(store.list(PODS, { labelSelector: selector }).items.map((p) => p.metadata.name)).toEqual(names);
  });

  it.each([
    ["metadata.name=b1", ["b1"]],
    ["metadata.name!=b1", ["f1", "f2"]],
    ["spec.nodeName=node-2", ["f2"]],
    ["status.phase=Running", ["f1"]],
    ["status.phase!=Running", ["b1", "f2"]],
    ["metadata.namespace=ns,spec.nodeName==node-1", ["b1", "f1"]],
  ])("filters by field selector %s", (selector, names) => {
    const { store } = makeStore();
    store.create(PODS, makePod("f1", "ns", { status: { phase: "Running" } }));
    store.create(PODS, makePod("f2", "ns", { spec: { nodeName: "node-2", containers: [] } }));
    store.create(PODS, makePod("b1", "ns"));
    expect(store.list(PODS, { fieldSelector: selector }).items.map((p) => p.metadata.name)).toEqual(names);
  });

  it("filters events by involvedObject.*, reason, type and source", () => {
    const { store } = makeStore();
    const EVENTS = { group: "", version: "v1", resource: "events" };
    const ev = (name: string, uid: string, type: string, component: string) => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: "ns" },
      involvedObject: { kind: "Pod", name: "p", namespace: "ns", uid },
      reason: "BackOff",
      type,
      source: { component },
    });
    store.create(EVENTS, ev("e1", "u1", "Warning", "kubelet"));
    store.create(EVENTS, ev("e2", "u2", "Normal", "default-scheduler"));
    const names = (fieldSelector: string) => store.list(EVENTS, { fieldSelector }).items.map((e) => e.metadata.name);
    expect(names("involvedObject.name=p,involvedObject.namespace=ns,involvedObject.uid=u1")).toEqual(["e1"]);
    expect(names("type=Warning")).toEqual(["e1"]);
    expect(names("source=default-scheduler")).toEqual(["e2"]);
    expect(names("reason=BackOff,involvedObject.kind=Pod")).toEqual(["e1", "e2"]);
  });

  it.each([
    ["labelSelector", "app in frontend", "unable to parse requirement: found 'frontend' expected: '('"],
    ["labelSelector", "a=b=c", "found '=', expected: ',' or 'end of string'"],
    ["fieldSelector", "metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
  ])("rejects a bad %s %j with 400", (kind, selector, message) => {
    const { store } = makeStore();
    const err = thrown(() => store.list(PODS, { [kind]: selector }));
    expect(err).toMatchObject({ code: 400, reason: "BadRequest", message });
  });

  it("pages with limit/continue, keeping the first page's resourceVersion", () => {
    const { store } = makeStore();
    for (let i = 0; i < 5; i++) store.create(PODS, makePod(`p${i}`));
    const first = store.list(PODS, { namespace: "team-a", limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(["p0", "p1"]);
    expect(first.remainingItemCount).toBe(3);
    expect(first.continue).toBeTypeOf("string");
    store.create(PODS, makePod("p9"));
    const second = store.list(PODS, { namespace: "team-a", limit: 2, continue: first.continue });
    expect(second.items.map((p) => p.metadata.name)).toEqual(["p2", "p3"]);
    expect(second.resourceVersion).toBe(first.resourceVersion);
    const third = store.list(PODS, { namespace: "team-a", limit: 2, continue: second.continue });
    expect(third.items.map((p) => p.metadata.name)).toEqual(["p4", "p9"]);
    expect(third.continue).toBeUndefined();
  });

  it("rejects a garbage continue token with 400 and an expired one with 410 Expired", () => {
    const { store } = makeStore({ watchHistorySize: 3 });
    for (let i = 0; i < 3; i++) store.create(PODS, makePod(`p${i}`));
    const first = store.list(PODS, { limit: 1 });
    expect(thrown(() => store.list(PODS, { continue: "nonsense" })).code).toBe(400);
    for (let i = 3; i < 8; i++) store.create(PODS, makePod(`p${i}`));
    const err = thrown(() => store.list(PODS, { limit: 1, continue: first.continue }));
    expect(err).toMatchObject({ code: 410, reason: "Expired" });
    expect(err.message).toMatch(/^The provided continue parameter is too old/);
  });
});

describe("update", () => {
  it("bumps resourceVersion and keeps uid/creationTimestamp", () => {
    const { store } = makeStore();
    const created = store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" }, data: { a: "1" } });
    const updated = store.update(CONFIGMAPS, { ...created, metadata: { name: "c", namespace: "n", uid: undefined as never }, data: { a: "2" } });
    expect(updated.metadata).toMatchObject({ uid: created.metadata.uid, creationTimestamp: created.metadata.creationTimestamp, resourceVersion: "2" });
    expect(updated.data).toEqual({ a: "2" });
  });

  it("throws 422 when the object has no name", () => {
    const { store } = makeStore();
    expect(thrown(() => store.update(PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "" } })).code).toBe(422);
  });

  it("throws 404 for a missing object", () => {
    const { store } = makeStore();
    expect(thrown(() => store.update(DEPLOYMENTS, makeDeployment("nope")))).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'deployments.apps "nope" not found',
    });
  });

  it("throws 409 with kube's exact message on a stale resourceVersion", () => {
    const { store } = makeStore();
    const d = store.create(DEPLOYMENTS, makeDeployment("frontend"));
    store.update(DEPLOYMENTS, { ...d, spec: { ...(d.spec as object), replicas: 3 } });
    const err = thrown(() => store.update(DEPLOYMENTS, { ...d, spec: { ...(d.spec as object), replicas: 5 } }));
    expect(err).toMatchObject({
      code: 409,
      reason: "Conflict",
      message:
        'Operation cannot be fulfilled on deployments.apps "frontend": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it("a write that changes nothing keeps the resourceVersion and emits no event", () => {
    const { store } = makeStore();
    const d = store.create(DEPLOYMENTS, makeDeployment());
    const w = collect(store, DEPLOYMENTS, { resourceVersion: d.metadata.resourceVersion });
    const same = store.update(DEPLOYMENTS, d);
    expect(same.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(store.currentResourceVersion()).toBe("1");
    expect(w.events).toEqual([]);
  });

  it.each([
    ["spec change", (d: KubeObject) => ({ ...d, spec: { ...(d.spec as object), replicas: 9 } }), 2],
    ["label change", (d: KubeObject) => ({ ...d, metadata: { ...d.metadata, labels: { x: "y" } } }), 1],
    ["annotation change", (d: KubeObject) => ({ ...d, metadata: { ...d.metadata, annotations: { a: "b" } } }), 1],
    ["status in a main write (ignored)", (d: KubeObject) => ({ ...d, status: { replicas: 4 } }), 1],
  ])("generation after a %s is %i", (_label, change, generation) => {
    const { store } = makeStore();
    const d = store.create(DEPLOYMENTS, makeDeployment());
    expect(store.update(DEPLOYMENTS, change(d)).metadata.generation).toBe(generation);
  });

  it("subresource status writes only .status; main writes preserve .status", () => {
    const { store } = makeStore();
    const d = store.create(DEPLOYMENTS, makeDeployment());
    const withStatus = store.update(
      DEPLOYMENTS,
      { ...d, spec: { replicas: 100 }, metadata: { ...d.metadata, labels: { hacked: "yes" } }, status: { replicas: 2, observedGeneration: 1 } },
      { subresource: "status" },
    );
    expect(withStatus.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect((withStatus.spec as { replicas: number }).replicas).toBe(2);
    expect(withStatus.metadata.labels).toEqual({ app: "frontend" });
    expect(withStatus.metadata.generation).toBe(1);
    const main = store.update(DEPLOYMENTS, { ...withStatus, status: { replicas: 0 }, spec: { ...(withStatus.spec as object), replicas: 3 } });
    expect(main.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect(main.metadata.generation).toBe(2);
  });

  it("dryRun update returns the result without persisting", () => {
    const { store } = makeStore();
    const d = store.create(DEPLOYMENTS, makeDeployment());
    const out = store.update(DEPLOYMENTS, { ...d, spec: { ...(d.spec as object), replicas: 7 } }, { dryRun: true });
    expect((out.spec as { replicas: number }).replicas).toBe(7);
    expect((store.get(DEPLOYMENTS, "team-a", "frontend")!.spec as { replicas: number }).replicas).toBe(2);
    expect(store.currentResourceVersion()).toBe("1");
  });
});

describe("admission hooks", () => {
  it("run on create/update/delete and may mutate or abort", () => {
    const { store } = makeStore();
    const seen: string[] = [];
    store.addAdmissionHook((op, gvr, obj, old) => {
      seen.push(`${op} ${gvr.resource} ${obj.metadata.name} old=${old?.metadata.resourceVersion ?? "-"}`);
      if (op === "CREATE") obj.metadata.labels = { ...obj.metadata.labels, admitted: "true" };
      if (op === "UPDATE" && (obj.data as Record<string, string>).bad) throw new StoreError("Forbidden", "no bad data");
    });
    const c = store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" }, data: {} });
    expect(c.metadata.labels).toEqual({ admitted: "true" });
    expect(thrown(() => store.update(CONFIGMAPS, { ...c, data: { bad: "1" } }))).toMatchObject({ code: 403, message: "no bad data" });
    expect(store.currentResourceVersion()).toBe("1");
    store.delete(CONFIGMAPS, "n", "c");
    expect(seen).toEqual(["CREATE configmaps c old=-", "UPDATE configmaps c old=1", "DELETE configmaps c old=1"]);
  });

  it("a throwing CREATE hook leaves nothing behind", () => {
    const { store } = makeStore();
    store.addAdmissionHook(() => {
      throw new StoreError("Forbidden", 'exceeded quota: compute-quota');
    });
    expect(thrown(() => store.create(PODS, makePod("p"))).code).toBe(403);
    expect(store.count(PODS)).toBe(0);
    expect(store.currentResourceVersion()).toBe("0");
  });
});

describe("delete", () => {
  it("deletes a non-pod at once and returns it; 404 afterwards", () => {
    const { store } = makeStore();
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } });
    const w = collect(store, CONFIGMAPS, { resourceVersion: "1" });
    const out = store.delete(CONFIGMAPS, "n", "c");
    expect(out.metadata.name).toBe("c");
    expect(store.get(CONFIGMAPS, "n", "c")).toBeUndefined();
    expect(w.summary()).toEqual(["DELETED c@2"]);
    expect(thrown(() => store.delete(CONFIGMAPS, "n", "c")).message).toBe('configmaps "c" not found');
  });

  it("deletes a scheduled pod gracefully: Terminating for 30 s on the clock, then DELETED", () => {
    const { store, clock } = makeStore();
    store.create(PODS, makePod("p"));
    const w = collect(store, PODS, { resourceVersion: "1" });
    const out = store.delete(PODS, "team-a", "p");
    expect(out.metadata.deletionTimestamp).toBe("2026-01-01T09:00:30Z");
    expect(out.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(w.summary()).toEqual(["MODIFIED p@2"]);
    clock.advance(29_999);
    expect(store.get(PODS, "team-a", "p")).toBeDefined();
    clock.advance(1);
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
    expect(w.summary()).toEqual(["MODIFIED p@2", "DELETED p@3"]);
  });

  it.each([
    ["gracePeriodSeconds: 0", makePod("p"), { gracePeriodSeconds: 0 }],
    ["an unscheduled pod", makePod("p", "team-a", { spec: { containers: [] } }), {}],
    ["a Succeeded pod", makePod("p", "team-a", { status: { phase: "Succeeded" } }), {}],
  ])("deletes a pod at once with %s", (_label, pod, options) => {
    const { store } = makeStore();
    store.create(PODS, pod);
    store.delete(PODS, "team-a", "p", options);
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
  });

  it("honours spec.terminationGracePeriodSeconds and lets the kubelet finish early", () => {
    const { store, clock } = makeStore();
    store.create(PODS, makePod("p", "team-a", { spec: { nodeName: "n", terminationGracePeriodSeconds: 5, containers: [] } }));
    expect(store.delete(PODS, "team-a", "p").metadata.deletionGracePeriodSeconds).toBe(5);
    clock.advance(1000);
    expect(store.finalizeDeletion(PODS, "team-a", "p")?.metadata.name).toBe("p");
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
    clock.advance(10_000); // the cancelled grace timer must not resurrect or double-delete
    expect(store.currentResourceVersion()).toBe("3");
  });

  it("a second delete with a shorter grace period shortens it; a longer one changes nothing", () => {
    const { store, clock } = makeStore();
    store.create(PODS, makePod("p"));
    store.delete(PODS, "team-a", "p");
    const rv = store.currentResourceVersion();
    store.delete(PODS, "team-a", "p", { gracePeriodSeconds: 60 });
    expect(store.currentResourceVersion()).toBe(rv);
    expect(store.delete(PODS, "team-a", "p", { gracePeriodSeconds: 2 }).metadata.deletionGracePeriodSeconds).toBe(2);
    clock.advance(2000);
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
    store.create(PODS, makePod("q"));
    store.delete(PODS, "team-a", "q");
    store.delete(PODS, "team-a", "q", { gracePeriodSeconds: 0 });
    expect(store.get(PODS, "team-a", "q")).toBeUndefined();
  });

  it("keeps an object with finalizers, marked, until the last finalizer is removed", () => {
    const { store } = makeStore();
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n", finalizers: ["a", "b"] } });
    const marked = store.delete(CONFIGMAPS, "n", "c");
    expect(marked.metadata.deletionTimestamp).toBe("2026-01-01T09:00:00Z");
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    const one = store.update(CONFIGMAPS, { ...marked, metadata: { ...marked.metadata, finalizers: ["b"] } });
    expect(store.get(CONFIGMAPS, "n", "c")).toBeDefined();
    const err = thrown(() => store.update(CONFIGMAPS, { ...one, metadata: { ...one.metadata, finalizers: ["b", "new"] } }));
    expect(err.code).toBe(422);
    store.update(CONFIGMAPS, { ...one, metadata: { ...one.metadata, finalizers: [] } });
    expect(store.get(CONFIGMAPS, "n", "c")).toBeUndefined();
  });

  it("a pod with a finalizer stays after its grace period until the finalizer goes", () => {
    const { store, clock } = makeStore();
    store.create(PODS, makePod("p", "team-a", { metadata: { name: "p", namespace: "team-a", finalizers: ["x"] } }));
    store.delete(PODS, "team-a", "p");
    clock.advance(30_000);
    const pod = store.get(PODS, "team-a", "p")!;
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(0);
    store.update(PODS, { ...pod, metadata: { ...pod.metadata, finalizers: undefined as never } });
    expect(store.get(PODS, "team-a", "p")).toBeUndefined();
  });

  it("a namespace with spec.finalizers goes Terminating until the namespace controller clears them", () => {
    const { store } = makeStore();
    store.create(NAMESPACES, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
    const marked = store.delete(NAMESPACES, undefined, "team-a");
    expect(marked.status).toEqual({ phase: "Terminating" });
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    store.update(NAMESPACES, { ...marked, spec: { finalizers: [] } });
    expect(store.get(NAMESPACES, undefined, "team-a")).toBeUndefined();
  });

  it("preconditionUid mismatch → 409", () => {
    const { store } = makeStore();
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } });
    expect(thrown(() => store.delete(CONFIGMAPS, "n", "c", { preconditionUid: "other" })).message).toBe(
      'Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: other, UID in object meta: uid-1',
    );
  });

  it("dryRun delete changes nothing", () => {
    const { store } = makeStore();
    store.create(PODS, makePod("p"));
    store.delete(PODS, "team-a", "p", { dryRun: true, gracePeriodSeconds: 0 });
    expect(store.get(PODS, "team-a", "p")?.metadata.deletionTimestamp).toBeUndefined();
  });

  function ownerChain(store: SimObjectStore) {
    const d = store.create(DEPLOYMENTS, makeDeployment());
    const rs = store.create(REPLICASETS, owned({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "frontend-abc", namespace: "team-a" } }, d));
    const p1 = store.create(PODS, owned(makePod("frontend-abc-1"), rs));
    const p2 = store.create(PODS, owned(makePod("frontend-abc-2"), rs));
    return { d, rs, p1, p2 };
  }

  it("findDependents / getByUid index ownerReferences", () => {
    const { store } = makeStore();
    const { d, rs } = ownerChain(store);
    expect(store.findDependents(d.metadata.uid!).map((x) => x.object.metadata.name)).toEqual(["frontend-abc"]);
    expect(store.findDependents(rs.metadata.uid!).map((x) => x.object.metadata.name).sort()).toEqual(["frontend-abc-1", "frontend-abc-2"]);
    expect(store.getByUid(rs.metadata.uid!)?.gvr).toEqual(REPLICASETS);
    store.delete(PODS, "team-a", "frontend-abc-1", { gracePeriodSeconds: 0 });
    expect(store.findDependents(rs.metadata.uid!)).toHaveLength(1);
  });

  it("Background deletes the owner now and leaves dependents to the garbage collector", () => {
    const { store } = makeStore();
    const { d } = ownerChain(store);
    const removed: string[] = [];
    store.onRemoved((_gvr, obj) => removed.push(obj.metadata.name));
    store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Background" });
    expect(removed).toEqual(["frontend"]);
    expect(store.findDependents(d.metadata.uid!)).toHaveLength(1);
  });

  it("Orphan strips the owner's references from dependents", () => {
    const { store } = makeStore();
    const { d } = ownerChain(store);
    store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Orphan" });
    expect(store.get(REPLICASETS, "team-a", "frontend-abc")!.metadata.ownerReferences).toBeUndefined();
    expect(store.findDependents(d.metadata.uid!)).toEqual([]);
  });

  it("Foreground deletes dependents first; the owner waits with the foregroundDeletion finalizer", () => {
    const { store, clock } = makeStore();
    ownerChain(store);
    const order: string[] = [];
    store.onRemoved((_gvr, obj) => order.push(obj.metadata.name));
    const out = store.delete(DEPLOYMENTS, "team-a", "frontend", { propagationPolicy: "Foreground" });
    expect(out.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(out.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(PODS, "team-a", "frontend-abc-1")!.metadata.deletionTimestamp).toBeDefined();
    expect(order).toEqual([]); // pods are still terminating
    clock.advance(30_000);
    expect(order).toEqual(["frontend-abc-1", "frontend-abc-2", "frontend-abc", "frontend"]);
    expect(store.count(DEPLOYMENTS) + store.count(REPLICASETS) + store.count(PODS)).toBe(0);
  });
});

describe("watch", () => {
  it('RV "0" starts with synthetic ADDED for current matches, then live events', () => {
    const { store } = makeStore();
    store.create(PODS, makePod("a"));
    store.create(PODS, makePod("b", "other"));
    const w = collect(store, PODS, { resourceVersion: "0", namespace: "team-a" });
    store.create(PODS, makePod("c"));
    store.create(PODS, makePod("d", "other"));
    expect(w.summary()).toEqual(["ADDED a@1", "ADDED c@3"]);
  });

  it("a numeric RV replays history after it, then goes live, with no duplicates", () => {
    const { store } = makeStore();
    const a = store.create(PODS, makePod("a"));
    store.create(PODS, makePod("b"));
    store.update(PODS, { ...a, metadata: { ...a.metadata, labels: { app: "x" } } });
    const w = collect(store, PODS, { resourceVersion: "1" });
    store.create(PODS, makePod("c"));
    expect(w.summary()).toEqual(["ADDED b@2", "MODIFIED a@3", "ADDED c@4"]);
  });

  it("a RV older than the history → 410 Gone with kube's message", () => {
    const { store } = makeStore({ watchHistorySize: 3 });
    for (let i = 0; i < 8; i++) store.create(PODS, makePod(`p${i}`));
    const err = thrown(() => store.watch(PODS, { resourceVersion: "4" }, () => {}));
    expect(err).toMatchObject({ code: 410, reason: "Gone", message: "too old resource version: 4 (5)" });
    expect(() => store.watch(PODS, { resourceVersion: "5" }, () => {})).not.toThrow();
  });

  it("rejects a non-numeric RV with 400", () => {
    const { store } = makeStore();
    expect(thrown(() => store.watch(PODS, { resourceVersion: "abc" }, () => {})).code).toBe(400);
  });

  it("selector transitions: into the selector → ADDED, out of it → DELETED with the previous content", () => {
    const { store } = makeStore();
    const p = store.create(PODS, makePod("p", "team-a", {}, { app: "backend" }));
    const w = collect(store, PODS, { resourceVersion: "0", labelSelector: "app=frontend" });
    const inSel = store.update(PODS, { ...p, metadata: { ...p.metadata, labels: { app: "frontend" } } });
    const still = store.update(PODS, { ...inSel, spec: { ...(inSel.spec as object), nodeName: "node-2" } });
    store.update(PODS, { ...still, metadata: { ...still.metadata, labels: { app: "gone" } } });
    expect(w.summary()).toEqual(["ADDED p@2", "MODIFIED p@3", "DELETED p@4"]);
    expect(w.events[2]!.object.metadata.labels).toEqual({ app: "frontend" });
  });

  it("field selector watch on metadata.name sees a graceful delete as MODIFIED then DELETED", () => {
    const { store, clock } = makeStore();
    store.create(PODS, makePod("p"));
    store.create(PODS, makePod("q"));
    const w = collect(store, PODS, { resourceVersion: "0", fieldSelector: "metadata.name=p" });
    store.delete(PODS, "team-a", "p");
    store.delete(PODS, "team-a", "q", { gracePeriodSeconds: 0 });
    clock.advance(30_000);
    expect(w.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
  });

  it("events carry frozen objects: a consumer cannot corrupt the store", () => {
    const { store, errors } = makeStore();
    collect(store, PODS, {});
    store.watch(PODS, {}, (e) => {
      (e.object.metadata as { name: string }).name = "hacked";
    });
    store.create(PODS, makePod("p"));
    expect(store.get(PODS, "team-a", "p")).toBeDefined();
    expect(errors).toHaveLength(1);
  });

  it("a throwing watcher neither breaks the write nor other watchers", () => {
    const { store, errors } = makeStore();
    store.watch(PODS, {}, () => {
      throw new Error("boom");
    });
    const w = collect(store, PODS, {});
    store.create(PODS, makePod("p"));
    expect(w.events).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it("delivers in write order to every watcher even when a watcher writes", () => {
    const { store } = makeStore();
    store.watch(CONFIGMAPS, {}, (e) => {
      if (e.type === "ADDED" && e.object.metadata.name === "first") {
        store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "second", namespace: "n" } });
      }
    });
    const w = collect(store, CONFIGMAPS, {});
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "first", namespace: "n" } });
    expect(w.summary()).toEqual(["ADDED first@1", "ADDED second@2"]);
  });

  it("a write made while receiving the initial events arrives after all of them", () => {
    const { store } = makeStore();
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "n" } });
    store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "n" } });
    const seen: string[] = [];
    store.watch(CONFIGMAPS, { resourceVersion: "0" }, (e) => {
      seen.push(`${e.type} ${e.object.metadata.name}`);
      if (e.object.metadata.name === "a" && e.type === "ADDED") {
        store.create(CONFIGMAPS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } });
      }
    });
    expect(seen).toEqual(["ADDED a", "ADDED b", "ADDED c"]);
  });

  it("stop() ends delivery", () => {
    const { store } = makeStore();
    const w = collect(store, PODS, {});
    w.handle.stop();
    store.create(PODS, makePod("p"));
    expect(w.events).toEqual([]);
  });

  it("watches cluster-scoped resources", () => {
    const { store } = makeStore();
    const w = collect(store, NAMESPACES, { resourceVersion: "0" });
    store.create(NAMESPACES, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    expect(w.summary()).toEqual(["ADDED team-a@1"]);
    expect(store.get(NAMESPACES, undefined, "team-a")).toBeDefined();
  });
});

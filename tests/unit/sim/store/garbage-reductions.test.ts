/**
 * The allocation cuts made for the 10 000-pod benchmark (docs/BENCHMARKS.md, Cluster scale) keep behaviour:
 * deepEqual/deepFreeze without key arrays, and status writes that copy only identity and `.status`.
 */
import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../../../server/src/core/index.js";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { deepEqual, deepFreeze } from "../../../../server/src/sim/store/json.js";
import { createObjectStore, type GroupVersionResource, type KubeObject } from "../../../../server/src/sim/store/index.js";

const PODS: GroupVersionResource = { group: "", version: "v1", resource: "pods" };

describe("deepEqual", () => {
  const cases: { name: string; a: unknown; b: unknown; want: boolean }[] = [
    { name: "key order is irrelevant", a: { x: 1, y: { z: [1, 2] } }, b: { y: { z: [1, 2] }, x: 1 }, want: true },
    { name: "undefined members count as absent", a: { x: 1, y: undefined }, b: { x: 1 }, want: true },
    { name: "undefined member vs a value", a: { x: 1, y: undefined }, b: { x: 1, y: null }, want: false },
    { name: "extra key on the right", a: { x: 1 }, b: { x: 1, y: 2 }, want: false },
    { name: "nested difference", a: { x: { y: [1, { z: "a" }] } }, b: { x: { y: [1, { z: "b" }] } }, want: false },
    { name: "array vs object", a: { x: [] }, b: { x: {} }, want: false },
    { name: "own __proto__ key from JSON", a: JSON.parse('{"__proto__":{"a":1}}'), b: JSON.parse('{"__proto__":{"a":2}}'), want: false },
  ];
  for (const c of cases) it(c.name, () => expect(deepEqual(c.a, c.b)).toBe(c.want));

  it("ignores inherited enumerable members, as Object.keys does", () => {
    const proto = { inherited: 1 };
    const a = Object.assign(Object.create(proto) as Record<string, unknown>, { x: 1 });
    expect(deepEqual(a, { x: 1 })).toBe(true);
    expect(deepEqual({ x: 1 }, a)).toBe(true);
  });
});

describe("deepFreeze", () => {
  it("freezes every nested object and array in place", () => {
    const v = { a: [{ b: 1 }, [2, { c: 3 }]], d: { e: { f: "x" } } };
    const out = deepFreeze(v);
    expect(out).toBe(v);
    for (const o of [v, v.a, v.a[0], v.a[1], (v.a[1] as unknown[])[1], v.d, v.d.e]) expect(Object.isFrozen(o)).toBe(true);
  });
});

describe("status writes", () => {
  function makeStore() {
    let n = 0;
    return createObjectStore({ clock: new FakeClock(), random: seededRandom(1), newUid: () => `uid-${++n}` });
  }
  const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "c", image: "nginx" }] } };

  it("store only .status, keep no reference to the caller's status, and keep the stored spec", () => {
    const store = makeStore();
    store.create(PODS, pod);
    const status = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
    const input = { ...store.get(PODS, "ns", "p")!, spec: { containers: [] }, status } as KubeObject;
    store.update(PODS, input, { subresource: "status" });
    status.conditions[0]!.status = "False";
    const stored = store.peek(PODS, "ns", "p") as Json;
    expect(stored.status).toEqual({ phase: "Running", conditions: [{ type: "Ready", status: "True" }] });
    expect(stored.spec.containers).toHaveLength(1);
  });

  it("still check the input's shape and preconditions", () => {
    const store = makeStore();
    store.create(PODS, pod);
    expect(() => store.update(PODS, [] as unknown as KubeObject, { subresource: "status" })).toThrow(/JSON object/);
    expect(() => store.update(PODS, { ...pod, metadata: { name: 5 } } as unknown as KubeObject, { subresource: "status" })).toThrow(/metadata.name must be a string/);
    expect(() => store.update(PODS, { ...pod, metadata: { ...pod.metadata, resourceVersion: "999" } }, { subresource: "status" })).toThrow(/modified/);
  });
});

import { describe, expect, it } from "vitest";
import { applyJsonPatch } from "../../../../server/src/sim/patch/index.js";
import { StoreError } from "../../../../server/src/sim/store/index.js";

const doc = () => ({ a: 1, b: { c: [1, 2, 3] }, "x/y": { "m~n": true } });

describe("applyJsonPatch (RFC 6902)", () => {
  it.each([
    ["add a member", [{ op: "add", path: "/d", value: 4 }], { ...doc(), d: 4 }],
    ["add replaces an existing member", [{ op: "add", path: "/a", value: 9 }], { ...doc(), a: 9 }],
    ["add into an array", [{ op: "add", path: "/b/c/1", value: 9 }], { ...doc(), b: { c: [1, 9, 2, 3] } }],
    ["append with -", [{ op: "add", path: "/b/c/-", value: 4 }], { ...doc(), b: { c: [1, 2, 3, 4] } }],
    ["remove a member", [{ op: "remove", path: "/a" }], { b: { c: [1, 2, 3] }, "x/y": { "m~n": true } }],
    ["remove an array item", [{ op: "remove", path: "/b/c/0" }], { ...doc(), b: { c: [2, 3] } }],
    ["replace", [{ op: "replace", path: "/b/c/2", value: "z" }], { ...doc(), b: { c: [1, 2, "z"] } }],
    ["escaped tokens", [{ op: "replace", path: "/x~1y/m~0n", value: false }], { ...doc(), "x/y": { "m~n": false } }],
    ["move", [{ op: "move", from: "/a", path: "/b/a" }], { b: { c: [1, 2, 3], a: 1 }, "x/y": { "m~n": true } }],
    ["copy", [{ op: "copy", from: "/b/c", path: "/d" }], { ...doc(), d: [1, 2, 3] }],
    ["test then replace", [{ op: "test", path: "/a", value: 1 }, { op: "replace", path: "/a", value: 2 }], { ...doc(), a: 2 }],
    ["replace the root", [{ op: "replace", path: "", value: { z: 1 } }], { z: 1 }],
  ])("%s", (_label, ops, expected) => {
    const input = doc();
    expect(applyJsonPatch(input, ops)).toEqual(expected);
    expect(input).toEqual(doc()); // pure
  });

  it.each([
    [[{ op: "replace", path: "/spec/x", value: 1 }], "jsonpatch replace operation does not apply: doc is missing path: /spec/x"],
    [[{ op: "remove", path: "/nope" }], "jsonpatch remove operation does not apply: doc is missing path: /nope"],
    [[{ op: "add", path: "/no/such", value: 1 }], "jsonpatch add operation does not apply: doc is missing path: /no/such"],
    [[{ op: "move", from: "/nope", path: "/a" }], "jsonpatch move operation does not apply: doc is missing from path: /nope"],
    [[{ op: "copy", from: "/nope", path: "/a" }], "jsonpatch copy operation does not apply: doc is missing from path: /nope"],
    [[{ op: "test", path: "/a", value: 2 }], "testing value /a failed: test failed"],
    [[{ op: "add", path: "/b/c/7", value: 1 }], "Unable to access invalid index: 7"],
    [[{ op: "frob", path: "/a" }], "Unexpected kind: frob"],
  ])("fails with 422: %j", (ops, message) => {
    let err: unknown;
    try {
      applyJsonPatch(doc(), ops);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 422, reason: "Invalid", message });
  });

  it("rejects a patch that is not a list with 400", () => {
    expect(() => applyJsonPatch(doc(), { op: "add" })).toThrow(expect.objectContaining({ code: 400 }));
  });

  it("applies kubectl rollout undo's body (KUBECTL-PROTOCOL.md §7)", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "frontend", annotations: { "deployment.kubernetes.io/revision": "2" } },
      spec: { replicas: 2, template: { metadata: { labels: { app: "frontend" } }, spec: { containers: [{ name: "frontend", image: "nginx:1.27-typo" }] } } },
    };
    const rsTemplate = { metadata: { labels: { app: "frontend" } }, spec: { containers: [{ name: "frontend", image: "nginx:1.25" }] } };
    const out = applyJsonPatch(deployment, [
      { op: "replace", path: "/spec/template", value: rsTemplate },
      { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "2" } },
    ]);
    expect(out.spec.template).toEqual(rsTemplate);
    expect(out.spec.replicas).toBe(2);
  });

  it("applies the kubectl patch --type=json image body", () => {
    const d = { spec: { template: { spec: { containers: [{ name: "f", image: "a" }] } } } };
    const out = applyJsonPatch(d, [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "x:1" }]);
    expect(out.spec.template.spec.containers[0]!.image).toBe("x:1");
  });
});

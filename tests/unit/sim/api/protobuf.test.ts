import { describe, expect, it } from "vitest";
import { decodeK8sProtobuf, K8S_PROTOBUF_MAGIC } from "../../../../server/src/sim/api/protobuf.js";

// A minimal protobuf writer, to build test envelopes the way gogo-proto does (zero values included).
type F = [number, "s" | "v" | "m", string | number | Buffer];
function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  if (v < 0n) v = BigInt.asUintN(64, v);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
function msg(fields: F[]): Buffer {
  return Buffer.concat(
    fields.map(([num, kind, value]) => {
      if (kind === "v") return Buffer.concat([varint((num << 3) | 0), varint(value as number)]);
      const bytes = kind === "s" ? Buffer.from(value as string) : (value as Buffer);
      return Buffer.concat([varint((num << 3) | 2), varint(bytes.length), bytes]);
    }),
  );
}
const entry = (k: string, v: string | Buffer): Buffer => msg([[1, "s", k], typeof v === "string" ? [2, "s", v] : [2, "m", v]]);
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([K8S_PROTOBUF_MAGIC, msg([[1, "m", msg([[1, "s", apiVersion], [2, "s", kind]])], [2, "m", raw], [3, "s", ""], [4, "s", ""]])]);
}
const meta = (name: string, ns = "") => msg([[1, "s", name], [2, "s", ""], [3, "s", ns], [5, "s", ""], [6, "s", ""], [7, "v", 0], [8, "m", msg([[1, "v", 0], [2, "v", 0]])]]);

describe("decodeK8sProtobuf", () => {
  it("decodes kubectl's create configmap body (captured)", () => {
    const body = Buffer.from("azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiUKGwoBeBIAGgp0YXNrbWFzdGVyIgAqADIAOABCABIGCgFhEgFiGgAiAA==", "base64");
    expect(decodeK8sProtobuf(body).object).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "taskmaster" }, data: { a: "b" } });
  });

  it("secret data bytes become base64", () => {
    const raw = msg([[1, "m", meta("s", "ns")], [2, "m", entry("p", Buffer.from("hunter2"))], [3, "s", "Opaque"]]);
    expect(decodeK8sProtobuf(envelope("v1", "Secret", raw)).object).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "ns" }, data: { p: Buffer.from("hunter2").toString("base64") }, type: "Opaque" });
  });

  it("deployment with template, replicas 0 kept (pointer field), zero values dropped", () => {
    const container = msg([[1, "s", "web"], [2, "s", "nginx:1.25"], [5, "s", ""], [6, "m", msg([[1, "s", ""], [3, "v", 80], [4, "s", "TCP"]])], [8, "m", Buffer.alloc(0)]]);
    const podSpec = msg([[2, "m", container], [3, "s", ""]]);
    const template = msg([[1, "m", msg([[11, "m", entry("app", "web")]])], [2, "m", podSpec]]);
    const spec = msg([[1, "v", 0], [2, "m", msg([[1, "m", entry("app", "web")]])], [3, "m", template], [4, "m", Buffer.alloc(0)]]);
    const raw = msg([[1, "m", msg([[1, "s", "web"], [11, "m", entry("app", "web")]])], [2, "m", spec]]);
    expect(decodeK8sProtobuf(envelope("apps/v1", "Deployment", raw)).object).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }] }] } },
      },
    });
  });

  it("service ports with int and string targetPort", () => {
    const port = (name: string, p: number, target: Buffer) => msg([[1, "s", name], [2, "s", "TCP"], [3, "v", p], [4, "m", target], [5, "v", 0]]);
    const raw = msg([
      [1, "m", meta("web", "ns")],
      [2, "m", msg([[1, "m", port("a", 80, msg([[1, "v", 0], [2, "v", 8080]]))], [1, "m", port("b", 81, msg([[1, "v", 1], [3, "s", "http"]]))], [2, "m", entry("app", "web")], [3, "s", ""], [4, "s", "ClusterIP"]])],
    ]);
    expect(decodeK8sProtobuf(envelope("v1", "Service", raw)).object).toMatchObject({
      spec: { ports: [{ name: "a", protocol: "TCP", port: 80, targetPort: 8080 }, { name: "b", port: 81, targetPort: "http" }], selector: { app: "web" }, type: "ClusterIP" },
    });
  });

  it("SelfSubjectAccessReview resource attributes", () => {
    const attrs = msg([[1, "s", "team-a"], [2, "s", "patch"], [3, "s", "apps"], [4, "s", ""], [5, "s", "deployments"], [6, "s", "scale"], [7, "s", ""]]);
    const raw = msg([[1, "m", meta("")], [2, "m", msg([[1, "m", attrs]])]]);
    expect(decodeK8sProtobuf(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", raw)).object).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace: "team-a", verb: "patch", group: "apps", resource: "deployments", subresource: "scale" } },
    });
  });

  it("rejects bodies without the envelope, truncated bodies and unknown kinds", () => {
    expect(() => decodeK8sProtobuf(Buffer.from("{}"))).toThrow(/envelope/);
    expect(() => decodeK8sProtobuf(Buffer.concat([K8S_PROTOBUF_MAGIC, Buffer.from([0x0a, 0x05, 0x01])]))).toThrow(/truncated/);
    expect(() => decodeK8sProtobuf(envelope("v1", "Pod", Buffer.alloc(0)))).toThrow(expect.objectContaining({ code: 415 }));
  });
});

/**
 * A schema-less protobuf wire decoder plus field maps for the kinds kubectl's typed clients POST as
 * `application/vnd.kubernetes.protobuf` (KUBECTL-PROTOCOL.md §9). Only decoding is needed: replies are
 * JSON. gogo-proto writes zero values for unset scalar fields; those are dropped.
 */
import { ApiError, badRequest } from "./status.js";

/** The 4-byte prefix of every Kubernetes protobuf body: "k8s\0". */
export const K8S_PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Scalar = "string" | "bytes" | "int" | "bool" | "quantity" | "time" | "intOrString";
interface Field {
  name: string;
  type: Scalar | "message" | "map";
  message?: Schema;
  /** Map value type (scalar or message). */
  value?: Scalar | Schema;
  repeated?: boolean;
  /** Pointer field (e.g. `replicas *int32`): keep 0/false because the client set it explicitly. */
  keepZero?: boolean;
  /** Go embedded struct that JSON inlines into the parent (e.g. IngressRule.IngressRuleValue). */
  inline?: boolean;
}
type Schema = Record<number, Field>;

const s = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "string", ...extra });
const i = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "int", ...extra });
const b = (name: string, extra: Partial<Field> = {}): Field => ({ name, type: "bool", ...extra });
const m = (name: string, message: Schema, extra: Partial<Field> = {}): Field => ({ name, type: "message", message, ...extra });
const map = (name: string, value: Scalar | Schema = "string"): Field => ({ name, type: "map", value });
const strs = (name: string): Field => ({ name, type: "string", repeated: true });

const OWNER_REFERENCE: Schema = { 1: s("kind"), 3: s("name"), 4: s("uid"), 5: s("apiVersion"), 6: b("controller", { keepZero: true }), 7: b("blockOwnerDeletion", { keepZero: true }) };
const OBJECT_META: Schema = {
  1: s("name"),
  2: s("generateName"),
  3: s("namespace"),
  5: s("uid"),
  6: s("resourceVersion"),
  7: i("generation"),
  8: { name: "creationTimestamp", type: "time" },
  11: map("labels"),
  12: map("annotations"),
  13: m("ownerReferences", OWNER_REFERENCE, { repeated: true }),
  14: strs("finalizers"),
};
const LABEL_SELECTOR: Schema = {
  1: map("matchLabels"),
  2: m("matchExpressions", { 1: s("key"), 2: s("operator"), 3: strs("values") }, { repeated: true }),
};
const INT_OR_STRING_FIELD = (name: string): Field => ({ name, type: "intOrString" });
const CONTAINER_PORT: Schema = { 1: s("name"), 2: i("hostPort"), 3: i("containerPort"), 4: s("protocol"), 5: s("hostIP") };
const KEY_SELECTOR: Schema = { 1: m("localObjectReference", { 1: s("name") }), 2: s("key"), 3: b("optional", { keepZero: true }) };
const ENV_VAR: Schema = {
  1: s("name"),
  2: s("value"),
  3: m("valueFrom", { 1: m("fieldRef", { 1: s("apiVersion"), 2: s("fieldPath") }), 3: m("configMapKeyRef", KEY_SELECTOR), 4: m("secretKeyRef", KEY_SELECTOR) }),
};
const QUANTITY_MAP: Field["value"] = "quantity";
const RESOURCES: Schema = { 1: map("limits", QUANTITY_MAP), 2: map("requests", QUANTITY_MAP) };
const CONTAINER: Schema = {
  1: s("name"),
  2: s("image"),
  3: strs("command"),
  4: strs("args"),
  5: s("workingDir"),
  6: m("ports", CONTAINER_PORT, { repeated: true }),
  7: m("env", ENV_VAR, { repeated: true }),
  8: m("resources", RESOURCES),
  9: m("volumeMounts", { 1: s("name"), 2: b("readOnly"), 3: s("mountPath"), 4: s("subPath") }, { repeated: true }),
  13: s("terminationMessagePath"),
  14: s("imagePullPolicy"),
  16: b("stdin"),
  17: b("stdinOnce"),
  18: b("tty"),
  20: s("terminationMessagePolicy"),
};
const POD_SPEC: Schema = {
  2: m("containers", CONTAINER, { repeated: true }),
  3: s("restartPolicy"),
  4: i("terminationGracePeriodSeconds", { keepZero: true }),
  6: s("dnsPolicy"),
  7: map("nodeSelector"),
  8: s("serviceAccountName"),
  10: s("nodeName"),
  14: s("hostname"),
  19: s("schedulerName"),
  20: m("initContainers", CONTAINER, { repeated: true }),
};
const POD_TEMPLATE: Schema = { 1: m("metadata", OBJECT_META), 2: m("spec", POD_SPEC) };
const DEPLOYMENT: Schema = {
  1: m("metadata", OBJECT_META),
  2: m("spec", {
    1: i("replicas", { keepZero: true }),
    2: m("selector", LABEL_SELECTOR),
    3: m("template", POD_TEMPLATE),
    4: m("strategy", { 1: s("type"), 2: m("rollingUpdate", { 1: INT_OR_STRING_FIELD("maxUnavailable"), 2: INT_OR_STRING_FIELD("maxSurge") }) }),
    5: i("minReadySeconds"),
    6: i("revisionHistoryLimit", { keepZero: true }),
    7: b("paused"),
    9: i("progressDeadlineSeconds", { keepZero: true }),
  }),
};
const SERVICE: Schema = {
  1: m("metadata", OBJECT_META),
  2: m("spec", {
    1: m("ports", { 1: s("name"), 2: s("protocol"), 3: i("port"), 4: INT_OR_STRING_FIELD("targetPort"), 5: i("nodePort") }, { repeated: true }),
    2: map("selector"),
    3: s("clusterIP"),
    4: s("type"),
    5: strs("externalIPs"),
    7: s("sessionAffinity"),
    10: s("externalName"),
  }),
};
const POLICY_RULE: Schema = { 1: strs("verbs"), 2: strs("apiGroups"), 3: strs("resources"), 4: strs("resourceNames"), 5: strs("nonResourceURLs") };
const BINDING: Schema = {
  1: m("metadata", OBJECT_META),
  2: m("subjects", { 1: s("kind"), 2: s("apiGroup"), 3: s("name"), 4: s("namespace") }, { repeated: true }),
  3: m("roleRef", { 1: s("apiGroup"), 2: s("kind"), 3: s("name") }),
};

const INGRESS_BACKEND: Schema = {
  3: m("resource", { 1: s("apiGroup"), 2: s("kind"), 3: s("name") }),
  4: m("service", { 1: s("name"), 2: m("port", { 1: s("name"), 2: i("number") }) }),
};
const INGRESS: Schema = {
  1: m("metadata", OBJECT_META),
  2: m("spec", {
    1: m("defaultBackend", INGRESS_BACKEND),
    2: m("tls", { 1: strs("hosts"), 2: s("secretName") }, { repeated: true }),
    3: m(
      "rules",
      { 1: s("host"), 2: m("ingressRuleValue", { 1: m("http", { 1: m("paths", { 1: s("path"), 2: m("backend", INGRESS_BACKEND), 3: s("pathType") }, { repeated: true }) }) }, { inline: true }) },
      { repeated: true },
    ),
    4: s("ingressClassName"),
  }),
};
const RESOURCE_QUOTA: Schema = {
  1: m("metadata", OBJECT_META),
  2: m("spec", { 1: map("hard", "quantity"), 2: strs("scopes") }),
};

/** Field maps by `apiVersion/kind` (kubectl sends the TypeMeta in the envelope). */
export const PROTOBUF_SCHEMAS: Record<string, Schema> = {
  "v1/ConfigMap": { 1: m("metadata", OBJECT_META), 2: map("data"), 3: map("binaryData", "bytes"), 4: b("immutable", { keepZero: true }) },
  "v1/Secret": { 1: m("metadata", OBJECT_META), 2: map("data", "bytes"), 3: s("type"), 4: map("stringData"), 5: b("immutable", { keepZero: true }) },
  "v1/Namespace": { 1: m("metadata", OBJECT_META), 2: m("spec", { 1: strs("finalizers") }) },
  "v1/ServiceAccount": {
    1: m("metadata", OBJECT_META),
    2: m("secrets", { 2: s("namespace"), 3: s("name") }, { repeated: true }),
    3: b("automountServiceAccountToken", { keepZero: true }),
    4: m("imagePullSecrets", { 1: s("name") }, { repeated: true }),
  },
  "v1/Service": SERVICE,
  "apps/v1/Deployment": DEPLOYMENT,
  "v1/ResourceQuota": RESOURCE_QUOTA,
  "policy/v1/Eviction": {
    1: m("metadata", OBJECT_META),
    2: m("deleteOptions", { 1: i("gracePeriodSeconds", { keepZero: true }), 2: m("preconditions", { 1: s("uid"), 2: s("resourceVersion") }), 4: s("propagationPolicy"), 5: strs("dryRun") }),
  },
  "networking.k8s.io/v1/Ingress": INGRESS,
  "rbac.authorization.k8s.io/v1/Role": { 1: m("metadata", OBJECT_META), 2: m("rules", POLICY_RULE, { repeated: true }) },
  "rbac.authorization.k8s.io/v1/ClusterRole": { 1: m("metadata", OBJECT_META), 2: m("rules", POLICY_RULE, { repeated: true }) },
  "rbac.authorization.k8s.io/v1/RoleBinding": BINDING,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": BINDING,
  "authorization.k8s.io/v1/SelfSubjectAccessReview": {
    1: m("metadata", OBJECT_META),
    2: m("spec", {
      1: m("resourceAttributes", { 1: s("namespace"), 2: s("verb"), 3: s("group"), 4: s("version"), 5: s("resource"), 6: s("subresource"), 7: s("name") }),
      2: m("nonResourceAttributes", { 1: s("path"), 2: s("verb") }),
    }),
  },
  "authorization.k8s.io/v1/SelfSubjectRulesReview": { 1: m("metadata", OBJECT_META), 2: m("spec", { 1: s("namespace") }) },
  "authentication.k8s.io/v1/SelfSubjectReview": { 1: m("metadata", OBJECT_META) },
};

interface WireField {
  num: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw badRequest("protobuf: truncated varint");
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, pos];
    shift += 7n;
    if (shift > 70n) throw badRequest("protobuf: varint too long");
  }
}

/** Splits a message into its fields, in wire order. */
export function readFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    switch (wire) {
      case 0: {
        const [v, p2] = readVarint(buf, pos);
        pos = p2;
        out.push({ num, wire, varint: v });
        break;
      }
      case 1:
        if (pos + 8 > buf.length) throw badRequest("protobuf: truncated fixed64");
        out.push({ num, wire, bytes: buf.subarray(pos, pos + 8) });
        pos += 8;
        break;
      case 2: {
        const [len, p2] = readVarint(buf, pos);
        const end = p2 + Number(len);
        if (end > buf.length) throw badRequest("protobuf: truncated length-delimited field");
        out.push({ num, wire, bytes: buf.subarray(p2, end) });
        pos = end;
        break;
      }
      case 5:
        if (pos + 4 > buf.length) throw badRequest("protobuf: truncated fixed32");
        out.push({ num, wire, bytes: buf.subarray(pos, pos + 4) });
        pos += 4;
        break;
      default:
        throw badRequest(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return out;
}

function toInt(v: bigint | undefined): number {
  if (v === undefined) return 0;
  return Number(BigInt.asIntN(64, v));
}

function scalar(type: Scalar, f: WireField): unknown {
  switch (type) {
    case "string":
      return f.bytes?.toString("utf8") ?? "";
    case "bytes":
      return (f.bytes ?? Buffer.alloc(0)).toString("base64");
    case "int":
      return toInt(f.varint);
    case "bool":
      return f.varint !== undefined && f.varint !== 0n;
    case "quantity": {
      // resource.Quantity is a message {1: string}
      const inner = readFields(f.bytes ?? Buffer.alloc(0)).find((x) => x.num === 1);
      return inner?.bytes?.toString("utf8") ?? "0";
    }
    case "time": {
      const fields = readFields(f.bytes ?? Buffer.alloc(0));
      const secs = toInt(fields.find((x) => x.num === 1)?.varint);
      return secs ? new Date(secs * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined;
    }
    case "intOrString": {
      const fields = readFields(f.bytes ?? Buffer.alloc(0));
      const t = toInt(fields.find((x) => x.num === 1)?.varint);
      if (t === 1) return fields.find((x) => x.num === 3)?.bytes?.toString("utf8") ?? "";
      return toInt(fields.find((x) => x.num === 2)?.varint);
    }
  }
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

/** Decodes one message with a schema, dropping gogo zero values and unknown fields. */
export function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const spec = schema[f.num];
    if (!spec) continue;
    let value: unknown;
    if (spec.type === "message") value = decodeMessage(f.bytes ?? Buffer.alloc(0), spec.message!);
    else if (spec.type === "map") {
      const entry = readFields(f.bytes ?? Buffer.alloc(0));
      const k = entry.find((x) => x.num === 1)?.bytes?.toString("utf8") ?? "";
      const vf = entry.find((x) => x.num === 2);
      const vt = spec.value ?? "string";
      const v = typeof vt === "string" ? (vf ? scalar(vt, vf) : vt === "string" || vt === "bytes" ? "" : undefined) : decodeMessage(vf?.bytes ?? Buffer.alloc(0), vt);
      const target = (out[spec.name] ??= {}) as Record<string, unknown>;
      target[k] = v;
      continue;
    } else value = scalar(spec.type as Scalar, f);
    if (spec.repeated) {
      ((out[spec.name] ??= []) as unknown[]).push(value);
      continue;
    }
    if (isZero(value) && !(spec.keepZero && (value === 0 || value === false))) continue;
    if (spec.inline && typeof value === "object") Object.assign(out, value);
    else out[spec.name] = value;
  }
  return out;
}

export interface DecodedProtobuf {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

/** Decodes a `k8s\0` + runtime.Unknown envelope into a JSON object. */
export function decodeK8sProtobuf(body: Buffer): DecodedProtobuf {
  if (body.length < 4 || !body.subarray(0, 4).equals(K8S_PROTOBUF_MAGIC)) throw badRequest("protobuf: missing k8s envelope prefix");
  const fields = readFields(body.subarray(4));
  const typeMeta = fields.find((f) => f.num === 1);
  const raw = fields.find((f) => f.num === 2)?.bytes ?? Buffer.alloc(0);
  const tm = typeMeta?.bytes ? readFields(typeMeta.bytes) : [];
  const apiVersion = tm.find((f) => f.num === 1)?.bytes?.toString("utf8") ?? "";
  const kind = tm.find((f) => f.num === 2)?.bytes?.toString("utf8") ?? "";
  const schema = PROTOBUF_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw unsupportedProtobuf(apiVersion, kind);
  }
  const object = decodeMessage(raw, schema);
  return { apiVersion, kind, object: { apiVersion, kind, ...object } };
}

function unsupportedProtobuf(apiVersion: string, kind: string): ApiError {
  return new ApiError(415, "UnsupportedMediaType", `the simulated API server cannot decode protobuf for ${kind} (${apiVersion}); send JSON instead`);
}

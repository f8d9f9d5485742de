/**
 * Field validation with kube-apiserver's wording: each failure is a `StatusCause` whose message
 * kubectl prints as `The <Kind> "<name>" is invalid: <field>: <message>`. Pure: returns causes.
 */
import type { StatusCause } from "../../store/types.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_LABEL_MAX = 63;
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export type NameRule = "subdomain" | "label" | "dns1035" | "path";

/** Which name rule each resource uses (upstream ValidateObjectMeta name functions). */
const NAME_RULES: Record<string, NameRule> = {
  namespaces: "label",
  services: "dns1035",
  "rbac.authorization.k8s.io/roles": "path",
  "rbac.authorization.k8s.io/rolebindings": "path",
  "rbac.authorization.k8s.io/clusterroles": "path",
  "rbac.authorization.k8s.io/clusterrolebindings": "path",
};

export function nameRuleFor(group: string, resource: string): NameRule {
  return NAME_RULES[group ? `${group}/${resource}` : resource] ?? "subdomain";
}

const goQuote = (v: string) => JSON.stringify(v);
const invalidValue = (field: string, value: string, message: string): StatusCause => ({
  reason: "FieldValueInvalid",
  field,
  message: `Invalid value: ${value}: ${message}`,
});
const required = (field: string, detail = ""): StatusCause => ({ reason: "FieldValueRequired", field, message: detail ? `Required value: ${detail}` : "Required value" });
const forbiddenField = (field: string, detail: string): StatusCause => ({ reason: "FieldValueForbidden", field, message: `Forbidden: ${detail}` });

export function validateName(name: string | undefined, rule: NameRule, field = "metadata.name"): StatusCause[] {
  if (!name) return [required(field, "name or generateName is required")];
  const q = goQuote(name);
  switch (rule) {
    case "path":
      if (name === "." || name === "..") return [invalidValue(field, q, `may not be '${name}'`)];
      if (name.includes("/") || name.includes("%")) return [invalidValue(field, q, `may not contain '${name.includes("/") ? "/" : "%"}'`)];
      return [];
    case "label": {
      const out: StatusCause[] = [];
      if (name.length > DNS1123_LABEL_MAX) out.push(invalidValue(field, q, `must be no more than ${DNS1123_LABEL_MAX} characters`));
      if (!DNS1123_LABEL_RE.test(name)) out.push(invalidValue(field, q, DNS1123_LABEL_MSG));
      return out;
    }
    case "dns1035": {
      const out: StatusCause[] = [];
      if (name.length > DNS1123_LABEL_MAX) out.push(invalidValue(field, q, `must be no more than ${DNS1123_LABEL_MAX} characters`));
      if (!DNS1035_LABEL_RE.test(name)) out.push(invalidValue(field, q, DNS1035_LABEL_MSG));
      return out;
    }
    default: {
      const out: StatusCause[] = [];
      if (name.length > DNS1123_SUBDOMAIN_MAX) out.push(invalidValue(field, q, `must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`));
      if (!DNS1123_SUBDOMAIN_RE.test(name)) out.push(invalidValue(field, q, DNS1123_SUBDOMAIN_MSG));
      return out;
    }
  }
}

export function validatePodSpec(spec: Json, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const containers: Json[] = Array.isArray(spec?.containers) ? spec.containers : [];
  if (!containers.length) out.push(required(`${path}.containers`));
  const seen = new Set<string>();
  const check = (list: Json[], field: string) =>
    list.forEach((c, idx) => {
      const p = `${path}.${field}[${idx}]`;
      if (!c?.name) out.push(required(`${p}.name`));
      else {
        if (!DNS1123_LABEL_RE.test(c.name) || c.name.length > DNS1123_LABEL_MAX) out.push(invalidValue(`${p}.name`, goQuote(c.name), DNS1123_LABEL_MSG));
        if (seen.has(c.name)) out.push({ reason: "FieldValueDuplicate", field: `${p}.name`, message: `Duplicate value: ${goQuote(c.name)}` });
        seen.add(c.name);
      }
      if (typeof c?.image !== "string" || c.image === "") out.push(required(`${p}.image`));
      else if (c.image.trim() !== c.image) out.push(invalidValue(`${p}.image`, goQuote(c.image), "must not have leading or trailing whitespace"));
      (c?.ports ?? []).forEach((port: Json, pi: number) => {
        const n = port?.containerPort;
        if (typeof n !== "number" || n < 1 || n > 65535) {
          out.push(n === undefined || n === 0 ? required(`${p}.ports[${pi}].containerPort`) : invalidValue(`${p}.ports[${pi}].containerPort`, String(n), "must be between 1 and 65535, inclusive"));
        }
      });
    });
  check(Array.isArray(spec?.initContainers) ? spec.initContainers : [], "initContainers");
  check(containers, "containers");
  return out;
}

function nonNegative(value: unknown, field: string): StatusCause[] {
  return typeof value === "number" && value < 0 ? [invalidValue(field, String(value), "must be greater than or equal to 0")] : [];
}

/** Go's %#v of a LabelSelector, as kube-apiserver prints it in the immutable-selector error. */
export function goLabelSelector(sel: Json): string {
  const keys = Object.keys(sel?.matchLabels ?? {}).sort();
  const labels = sel?.matchLabels ? `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(sel.matchLabels[k])}`).join(", ")}}` : "map[string]string(nil)";
  const exprs = sel?.matchExpressions?.length ? `[]v1.LabelSelectorRequirement{...}` : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

function selectorMatchesTemplate(obj: Json, path: string): StatusCause[] {
  const sel = obj.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return [required(`${path}.selector`)];
  const labels = obj.spec?.template?.metadata?.labels ?? {};
  const ok = Object.entries<string>(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  if (!ok) {
    const goMap = `map[string]string{${Object.keys(labels).sort().map((k) => `${goQuote(k)}:${goQuote(labels[k])}`).join(", ")}}`;
    return [invalidValue(`${path}.template.metadata.labels`, goMap, "`selector` does not match template `labels`")];
  }
  return [];
}

export function validateWorkload(obj: Json, old: Json | undefined): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...nonNegative(obj.spec?.replicas, "spec.replicas"));
  out.push(...selectorMatchesTemplate(obj, "spec"));
  out.push(...validatePodSpec(obj.spec?.template?.spec, "spec.template.spec"));
  if (old && JSON.stringify(old.spec?.selector ?? null) !== JSON.stringify(obj.spec?.selector ?? null)) {
    out.push(invalidValue("spec.selector", goLabelSelector(obj.spec?.selector), "field is immutable"));
  }
  return out;
}

export function validateService(svc: Json, old: Json | undefined): StatusCause[] {
  const out: StatusCause[] = [];
  const spec = svc.spec ?? {};
  const types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
  if (!types.includes(spec.type)) out.push({ reason: "FieldValueNotSupported", field: "spec.type", message: `Unsupported value: ${goQuote(String(spec.type))}: supported values: ${types.map(goQuote).join(", ")}` });
  const ports: Json[] = spec.ports ?? [];
  if (!ports.length && spec.type !== "ExternalName" && spec.clusterIP !== "None") out.push(required("spec.ports"));
  ports.forEach((p, i) => {
    if (typeof p.port !== "number" || p.port < 1 || p.port > 65535) out.push(invalidValue(`spec.ports[${i}].port`, String(p.port), "must be between 1 and 65535, inclusive"));
    if (ports.length > 1 && !p.name) out.push(required(`spec.ports[${i}].name`));
  });
  if (old?.spec?.clusterIP && svc.spec?.clusterIP && old.spec.clusterIP !== svc.spec.clusterIP) {
    out.push(invalidValue("spec.clusterIPs[0]", `[]string{${goQuote(svc.spec.clusterIP)}}`, "may not change once set"));
  }
  return out;
}

/** ConfigMaps and Secrets with `immutable: true` reject data changes and un-setting immutable. */
export function validateImmutableData(obj: Json, old: Json | undefined): StatusCause[] {
  if (!old?.immutable) return [];
  const out: StatusCause[] = [];
  const msg = "field is immutable when `immutable` is set";
  if (!obj.immutable) out.push(forbiddenField("immutable", msg));
  if (JSON.stringify(obj.data ?? {}) !== JSON.stringify(old.data ?? {})) out.push(forbiddenField("data", msg));
  if (JSON.stringify(obj.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {})) out.push(forbiddenField("binaryData", msg));
  return out;
}

export function validatePvcUpdate(obj: Json, old: Json | undefined): StatusCause[] {
  if (!old) return [];
  const strip = (s: Json) => JSON.stringify({ ...(s ?? {}), resources: undefined, volumeName: undefined, volumeAttributesClassName: undefined });
  if (old.spec?.volumeName && strip(obj.spec) !== strip(old.spec)) {
    return [forbiddenField("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")];
  }
  return [];
}

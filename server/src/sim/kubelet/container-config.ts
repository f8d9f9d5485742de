/**
 * A container's configuration as the kubelet assembles it before starting it: env (env, envFrom,
 * valueFrom, `$(VAR)` expansion), volumes that must exist to mount, and the files the mounts put in
 * the container. Pure over a lookup of ConfigMaps, Secrets and PVCs; errors are worded as kubelet's.
 */
import type { KubeObject } from "../store/types.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface ConfigLookup {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  pvc(namespace: string, name: string): KubeObject | undefined;
}

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

/** Where the ServiceAccount token is mounted unless automount is off. */
export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

function decode(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf8");
}

/** ConfigMap `data` + `binaryData`, or Secret `data` (base64) + `stringData`, as plain strings. */
export function configMapData(cm: KubeObject): Record<string, string> {
  const out: Record<string, string> = { ...((cm as Json).data ?? {}) };
  for (const [k, v] of Object.entries((cm as Json).binaryData ?? {})) out[k] = decode(String(v));
  return out;
}

export function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((secret as Json).data ?? {})) out[k] = decode(String(v));
  for (const [k, v] of Object.entries((secret as Json).stringData ?? {})) out[k] = String(v);
  return out;
}

/** Kubernetes `$(VAR)` expansion: defined vars are replaced, `$$` escapes, unknown refs stay as written. */
export function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    return name !== undefined && Object.prototype.hasOwnProperty.call(env, name) ? env[name]! : m;
  });
}

function fieldValue(pod: KubeObject, path: string): string {
  const p = pod as Json;
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return p.metadata?.[label[1]!]?.[label[2]!] ?? "";
  switch (path) {
    case "metadata.name":
      return p.metadata.name;
    case "metadata.namespace":
      return p.metadata.namespace ?? "";
    case "metadata.uid":
      return p.metadata.uid ?? "";
    case "spec.nodeName":
      return p.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return p.spec?.serviceAccountName ?? "default";
    case "status.podIP":
    case "status.podIPs":
      return p.status?.podIP ?? "";
    case "status.hostIP":
    case "status.hostIPs":
      return p.status?.hostIP ?? "";
    default:
      return "";
  }
}

/** Builds the env of `container` as the kubelet would, or the CreateContainerConfigError message. */
export function resolveEnv(pod: KubeObject, container: Json, lookup: ConfigLookup): EnvResult {
  const ns = pod.metadata.namespace ?? "default";
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix: string = from.prefix ?? "";
    if (from.configMapRef) {
      const cm = lookup.configMap(ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        return { ok: false, message: `configmap "${from.configMapRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(configMapData(cm))) env[prefix + k] = v;
    } else if (from.secretRef) {
      const secret = lookup.secret(ns, from.secretRef.name);
      if (!secret) {
        if (from.secretRef.optional) continue;
        return { ok: false, message: `secret "${from.secretRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(secretData(secret))) env[prefix + k] = v;
    }
  }
  for (const e of container.env ?? []) {
    if (!e?.name) continue;
    const vf = e.valueFrom;
    if (!vf) {
      env[e.name] = expandVars(String(e.value ?? ""), env);
      continue;
    }
    if (vf.configMapKeyRef) {
      const ref = vf.configMapKeyRef;
      const cm = lookup.configMap(ns, ref.name);
      if (!cm) {
        if (ref.optional) continue;
        return { ok: false, message: `configmap "${ref.name}" not found` };
      }
      const data = configMapData(cm);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        return { ok: false, message: `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` };
      }
      env[e.name] = data[ref.key]!;
    } else if (vf.secretKeyRef) {
      const ref = vf.secretKeyRef;
      const secret = lookup.secret(ns, ref.name);
      if (!secret) {
        if (ref.optional) continue;
        return { ok: false, message: `secret "${ref.name}" not found` };
      }
      const data = secretData(secret);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        return { ok: false, message: `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` };
      }
      env[e.name] = data[ref.key]!;
    } else if (vf.fieldRef) {
      env[e.name] = fieldValue(pod, vf.fieldRef.fieldPath);
    } else if (vf.resourceFieldRef) {
      env[e.name] = String(container.resources?.limits?.[vf.resourceFieldRef.resource.replace(/^limits\./, "")] ?? "0");
    }
  }
  return { ok: true, env };
}

export interface VolumeFailure {
  volume: string;
  message: string;
}

/** Volumes whose source is missing: each gives `MountVolume.SetUp failed for volume "v" : <message>`. */
export function missingVolumes(pod: KubeObject, lookup: ConfigLookup): VolumeFailure[] {
  const ns = pod.metadata.namespace ?? "default";
  const out: VolumeFailure[] = [];
  for (const v of (pod as Json).spec?.volumes ?? []) {
    if (v.configMap && !v.configMap.optional) {
      const cm = lookup.configMap(ns, v.configMap.name);
      if (!cm) out.push({ volume: v.name, message: `configmap "${v.configMap.name}" not found` });
      else {
        const data = configMapData(cm);
        const missing = (v.configMap.items ?? []).find((i: Json) => !(i.key in data));
        if (missing) out.push({ volume: v.name, message: `configmap references non-existent config key: ${missing.key}` });
      }
    } else if (v.secret && !v.secret.optional) {
      const secret = lookup.secret(ns, v.secret.secretName);
      if (!secret) out.push({ volume: v.name, message: `secret "${v.secret.secretName}" not found` });
      else {
        const data = secretData(secret);
        const missing = (v.secret.items ?? []).find((i: Json) => !(i.key in data));
        if (missing) out.push({ volume: v.name, message: `references non-existent secret key: ${missing.key}` });
      }
    } else if (v.persistentVolumeClaim) {
      if (!lookup.pvc(ns, v.persistentVolumeClaim.claimName)) {
        out.push({ volume: v.name, message: `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not found` });
      }
    } else if (v.projected) {
      for (const src of v.projected.sources ?? []) {
        if (src.configMap && !src.configMap.optional && !lookup.configMap(ns, src.configMap.name)) {
          out.push({ volume: v.name, message: `configmap "${src.configMap.name}" not found` });
        } else if (src.secret && !src.secret.optional && !lookup.secret(ns, src.secret.name)) {
          out.push({ volume: v.name, message: `secret "${src.secret.name}" not found` });
        }
      }
    }
  }
  return out;
}

/** A file or directory the container sees through its mounts: path → content (directories end in "/"). */
export type MountedFiles = Map<string, string>;

function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

/** Files put in `container` by its volumeMounts (ConfigMap/Secret keys, the ServiceAccount token). */
export function mountedFiles(pod: KubeObject, container: Json, lookup: ConfigLookup, serviceAccountToken: string): MountedFiles {
  const ns = pod.metadata.namespace ?? "default";
  const files: MountedFiles = new Map();
  const volumes = new Map<string, Json>(((pod as Json).spec?.volumes ?? []).map((v: Json) => [v.name, v]));
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    let data: Record<string, string> | undefined;
    let items: Json[] | undefined;
    if (v.configMap) {
      const cm = lookup.configMap(ns, v.configMap.name);
      data = cm ? configMapData(cm) : {};
      items = v.configMap.items;
    } else if (v.secret) {
      const s = lookup.secret(ns, v.secret.secretName);
      data = s ? secretData(s) : {};
      items = v.secret.items;
    }
    if (!data) {
      files.set(`${m.mountPath.replace(/\/+$/, "")}/`, "");
      continue;
    }
    const entries: [string, string][] = items?.length
      ? items.filter((i) => i.key in data!).map((i) => [i.path, data![i.key]!])
      : Object.entries(data);
    if (m.subPath) {
      const hit = entries.find(([p]) => p === m.subPath);
      if (hit) files.set(m.mountPath, hit[1]);
      continue;
    }
    files.set(`${m.mountPath.replace(/\/+$/, "")}/`, "");
    for (const [p, content] of entries) files.set(joinPath(m.mountPath, p), content);
  }
  const automount = (pod as Json).spec?.automountServiceAccountToken !== false;
  if (automount) {
    files.set(`${SERVICE_ACCOUNT_MOUNT}/`, "");
    files.set(`${SERVICE_ACCOUNT_MOUNT}/token`, serviceAccountToken);
    files.set(`${SERVICE_ACCOUNT_MOUNT}/namespace`, ns);
    files.set(`${SERVICE_ACCOUNT_MOUNT}/ca.crt`, "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n-----END CERTIFICATE-----\n");
  }
  return files;
}

/**
 * ResourceQuota usage and admission (upstream pkg/quota/v1/evaluator/core + the quota admission
 * plugin): what each object counts against a quota, `must specify …` constraints for pods, and the
 * `exceeded quota: <name>, requested: …, used: …, limited: …` check.
 */
import type { GroupVersionResource } from "../store/types.js";
import type { Json } from "./objects.js";
import { podLimits, podRequests, podTerminal, qosClass } from "./pod-util.js";
import { formatQuantity, parseMilli } from "./quantity.js";

/** Pod resources whose quota forces every container to state them (upstream validationSet). */
const POD_CONSTRAINED = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

export function countResourceName(gvr: GroupVersionResource): string {
  return gvr.group ? `count/${gvr.resource}.${gvr.group}` : `count/${gvr.resource}`;
}

/** What one object adds to each quota resource, in milli-units. */
export function usageOf(gvr: GroupVersionResource, obj: Json): Record<string, number> {
  const u: Record<string, number> = { [countResourceName(gvr)]: 1000 };
  if (gvr.group !== "") return u;
  switch (gvr.resource) {
    case "pods": {
      if (podTerminal(obj)) return {};
      u.pods = 1000;
      const req = podRequests(obj);
      const lim = podLimits(obj);
      for (const r of ["cpu", "memory", "ephemeral-storage"]) {
        if (req[r] !== undefined) {
          u[`requests.${r}`] = req[r];
          if (r !== "ephemeral-storage") u[r] = req[r];
        }
        if (lim[r] !== undefined) u[`limits.${r}`] = lim[r];
      }
      return u;
    }
    case "services":
      u.services = 1000;
      if (obj.spec?.type === "NodePort" || obj.spec?.type === "LoadBalancer") u["services.nodeports"] = (obj.spec?.ports ?? []).length * 1000;
      if (obj.spec?.type === "LoadBalancer") u["services.loadbalancers"] = 1000;
      return u;
    case "persistentvolumeclaims": {
      u.persistentvolumeclaims = 1000;
      const storage = parseMilli(obj.spec?.resources?.requests?.storage);
      u["requests.storage"] = storage;
      const cls = obj.spec?.storageClassName;
      if (cls) {
        u[`${cls}.storageclass.storage.k8s.io/requests.storage`] = storage;
        u[`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`] = 1000;
      }
      return u;
    }
    case "configmaps":
    case "secrets":
    case "resourcequotas":
    case "replicationcontrollers":
      u[gvr.resource] = 1000;
      return u;
    default:
      return u;
  }
}

/** Quota scopes the sim understands; a quota with an unknown scope matches nothing. */
export function quotaMatches(quota: Json, gvr: GroupVersionResource, obj: Json): boolean {
  const scopes: string[] = quota.spec?.scopes ?? [];
  if (scopes.length === 0) return true;
  if (gvr.group !== "" || gvr.resource !== "pods") return false;
  return scopes.every((s) => {
    switch (s) {
      case "BestEffort":
        return qosClass(obj.spec) === "BestEffort";
      case "NotBestEffort":
        return qosClass(obj.spec) !== "BestEffort";
      case "Terminating":
        return obj.spec?.activeDeadlineSeconds !== undefined;
      case "NotTerminating":
        return obj.spec?.activeDeadlineSeconds === undefined;
      default:
        return false;
    }
  });
}

/** `status.used` for a quota from the objects of the namespace (milli-units per hard resource). */
export function computeUsed(quota: Json, objects: { gvr: GroupVersionResource; items: Json[] }[]): Record<string, number> {
  const hard = Object.keys(quota.spec?.hard ?? {});
  const used: Record<string, number> = Object.fromEntries(hard.map((h) => [h, 0]));
  for (const { gvr, items } of objects) {
    for (const obj of items) {
      if (!quotaMatches(quota, gvr, obj)) continue;
      const u = usageOf(gvr, obj);
      for (const h of hard) if (u[h] !== undefined) used[h]! += u[h]!;
    }
  }
  return used;
}

export function formatResourceList(values: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, formatQuantity(k, v)]));
}

function prettyPrint(values: Record<string, number>, keys: string[]): string {
  return keys.map((k) => `${k}=${formatQuantity(k, values[k] ?? 0)}`).join(",");
}

/** Pod.Constraints: `must specify limits.memory for: frontend` (sorted resources and containers). */
export function podConstraintError(quotaHard: string[], pod: Json): string | undefined {
  const required = quotaHard.filter((h) => POD_CONSTRAINED.has(h));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    const has = new Set<string>();
    for (const r of ["cpu", "memory"]) {
      if (req[r] !== undefined) has.add(r).add(`requests.${r}`);
      if (lim[r] !== undefined) has.add(`limits.${r}`);
    }
    for (const r of required) {
      if (has.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(c.name);
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/**
 * The quota check for one create: undefined when allowed, else the reason text that follows
 * `<resource> "<name>" is forbidden: `.
 */
export function checkQuota(quota: Json, gvr: GroupVersionResource, obj: Json, used: Record<string, number>): string | undefined {
  if (!quotaMatches(quota, gvr, obj)) return undefined;
  const hardSpec: Record<string, string> = quota.spec?.hard ?? {};
  const hardKeys = Object.keys(hardSpec);
  if (gvr.group === "" && gvr.resource === "pods") {
    const err = podConstraintError(hardKeys, obj);
    if (err) return `failed quota: ${quota.metadata.name}: ${err}`;
  }
  const requested = usageOf(gvr, obj);
  const exceeded: string[] = [];
  for (const k of hardKeys) {
    if (requested[k] === undefined || requested[k] === 0) continue;
    if ((used[k] ?? 0) + requested[k]! > parseMilli(hardSpec[k])) exceeded.push(k);
  }
  if (!exceeded.length) return undefined;
  exceeded.sort();
  const hard = Object.fromEntries(hardKeys.map((k) => [k, parseMilli(hardSpec[k])]));
  return `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`;
}

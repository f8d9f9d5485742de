/**
 * LimitRanger admission (upstream plugin/pkg/admission/limitranger): fills container requests and
 * limits from the namespace's LimitRanges (recording `kubernetes.io/limit-ranger`), then enforces
 * min / max per Container and per Pod with kube-apiserver's messages.
 */
import type { Json } from "./objects.js";
import { formatQuantity, parseMilli } from "./quantity.js";

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

/** SetDefaults_LimitRangeItem for Container items: default ← max, defaultRequest ← default ← min. */
export function containerDefaults(item: Json): { limits: Record<string, string>; requests: Record<string, string> } {
  const limits: Record<string, string> = { ...(item.default ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) limits[k] ??= v as string;
  const requests: Record<string, string> = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
  for (const [k, v] of Object.entries(item.min ?? {})) requests[k] ??= v as string;
  return { limits, requests };
}

/** Applies Container defaults to the pod in place; returns the annotation text parts. */
export function applyDefaults(pod: Json, limitRanges: Json[]): void {
  const notes: string[] = [];
  for (const lr of limitRanges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== "Container") continue;
      const d = containerDefaults(item);
      const merge = (c: Json, prefix: string) => {
        c.resources ??= {};
        c.resources.limits ??= {};
        c.resources.requests ??= {};
        const setLimits: string[] = [];
        const setRequests: string[] = [];
        for (const [k, v] of Object.entries(d.limits)) {
          if (c.resources.limits[k] === undefined) {
            c.resources.limits[k] = v;
            setLimits.push(k);
          }
        }
        for (const [k, v] of Object.entries(d.requests)) {
          if (c.resources.requests[k] === undefined) {
            c.resources.requests[k] = v;
            setRequests.push(k);
          }
        }
        if (Object.keys(c.resources.limits).length === 0) delete c.resources.limits;
        if (Object.keys(c.resources.requests).length === 0) delete c.resources.requests;
        if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${prefix} ${c.name}`);
        if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${prefix} ${c.name}`);
      };
      for (const c of pod.spec?.initContainers ?? []) merge(c, "init container");
      for (const c of pod.spec?.containers ?? []) merge(c, "container");
    }
  }
  if (notes.length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
  }
}

function minConstraint(kind: string, resource: string, enforced: string, req: Record<string, string>, lim: Record<string, string>): string | undefined {
  const min = formatQuantity(resource, parseMilli(enforced));
  if (req[resource] === undefined) return `minimum ${resource} usage per ${kind} is ${min}.  No request is specified`;
  if (parseMilli(req[resource]) < parseMilli(enforced)) return `minimum ${resource} usage per ${kind} is ${min}, but request is ${formatQuantity(resource, parseMilli(req[resource]))}`;
  if (lim[resource] !== undefined && parseMilli(lim[resource]) < parseMilli(enforced)) return `minimum ${resource} usage per ${kind} is ${min}, but limit is ${formatQuantity(resource, parseMilli(lim[resource]))}`;
  return undefined;
}

function maxConstraint(kind: string, resource: string, enforced: string, req: Record<string, string>, lim: Record<string, string>): string | undefined {
  const max = formatQuantity(resource, parseMilli(enforced));
  if (lim[resource] === undefined) return `maximum ${resource} usage per ${kind} is ${max}.  No limit is specified`;
  if (parseMilli(lim[resource]) > parseMilli(enforced)) return `maximum ${resource} usage per ${kind} is ${max}, but limit is ${formatQuantity(resource, parseMilli(lim[resource]))}`;
  if (req[resource] !== undefined && parseMilli(req[resource]) > parseMilli(enforced)) return `maximum ${resource} usage per ${kind} is ${max}, but request is ${formatQuantity(resource, parseMilli(req[resource]))}`;
  return undefined;
}

function ratioConstraint(kind: string, resource: string, enforced: string, req: Record<string, string>, lim: Record<string, string>): string | undefined {
  const l = lim[resource] === undefined ? 0 : parseMilli(lim[resource]);
  const r = req[resource] === undefined ? 0 : parseMilli(req[resource]);
  if (l === 0) return `${resource} max limit to request ratio per ${kind} is ${enforced}, but no limit is specified`;
  if (r === 0) return `${resource} max limit to request ratio per ${kind} is ${enforced}, but no request is specified or request is 0`;
  const ratio = l / r;
  if (ratio > Number(enforced)) return `${resource} max limit to request ratio per ${kind} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function check(kind: string, item: Json, req: Record<string, string>, lim: Record<string, string>, errs: string[]): void {
  for (const [r, v] of Object.entries(item.min ?? {})) {
    const e = minConstraint(kind, r, v as string, req, lim);
    if (e) errs.push(e);
  }
  for (const [r, v] of Object.entries(item.max ?? {})) {
    const e = maxConstraint(kind, r, v as string, req, lim);
    if (e) errs.push(e);
  }
  for (const [r, v] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const e = ratioConstraint(kind, r, String(v), req, lim);
    if (e) errs.push(e);
  }
}

/** PodValidateLimitFunc: the violations, in upstream order; empty when the pod is within range. */
export function validateLimits(pod: Json, limitRanges: Json[]): string[] {
  const errs: string[] = [];
  for (const lr of limitRanges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type === "Container") {
        for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
          check("Container", item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
        }
      } else if (item.type === "Pod") {
        const sum = (field: "requests" | "limits") => {
          const out: Record<string, number> = {};
          let complete: Record<string, boolean> = {};
          for (const c of pod.spec?.containers ?? []) {
            for (const r of ["cpu", "memory", "ephemeral-storage"]) {
              const v = c.resources?.[field]?.[r];
              if (v === undefined) complete = { ...complete, [r]: false };
              else {
                out[r] = (out[r] ?? 0) + parseMilli(v);
                complete[r] ??= true;
              }
            }
          }
          const res: Record<string, string> = {};
          for (const [r, v] of Object.entries(out)) if (complete[r]) res[r] = formatQuantity(r, v);
          return res;
        };
        check("Pod", item, sum("requests"), sum("limits"), errs);
      }
    }
  }
  return errs;
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several as `[a, b]`. */
export function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`;
}

import type { IngressRoutesCondition } from "../../scenarios/index.js";
import { serviceHasEndpoints } from "./service-has-endpoints.js";
import { dig, fail, findObject, isLive, pass, type ConditionResult, type EvaluationContext } from "./snapshot.js";

interface Backend {
  where: string;
  service?: string;
  port?: { number?: number; name?: string };
}

/**
 * The Ingress exists and every backend of the matching rules (all rules, plus the default backend, when
 * neither host nor path is given) names an existing Service that has that port and ready endpoints.
 */
export function ingressRoutes(c: IngressRoutesCondition, ctx: EvaluationContext): ConditionResult {
  const ing = findObject(ctx.snapshot, "ingresses", c.name);
  if (!isLive(ing)) return fail(`ingress ${c.name} does not exist`);
  const backends: Backend[] = [];
  const rules = Array.isArray(dig(ing, "spec", "rules")) ? (dig(ing, "spec", "rules") as unknown[]) : [];
  for (const rule of rules) {
    const host = dig(rule, "host") as string | undefined;
    if (c.host !== undefined && host !== c.host) continue;
    const paths = Array.isArray(dig(rule, "http", "paths")) ? (dig(rule, "http", "paths") as unknown[]) : [];
    for (const p of paths) {
      const path = (dig(p, "path") as string | undefined) ?? "/";
      if (c.path !== undefined && path !== c.path) continue;
      backends.push({ where: `${host ?? "*"}${path}`, service: dig(p, "backend", "service", "name") as string | undefined, port: dig(p, "backend", "service", "port") as Backend["port"] });
    }
  }
  const def = dig(ing, "spec", "defaultBackend", "service");
  if (def && c.host === undefined && c.path === undefined) {
    backends.push({ where: "default backend", service: dig(def, "name") as string | undefined, port: dig(def, "port") as Backend["port"] });
  }
  if (backends.length === 0) return fail(`ingress ${c.name}: no rule for ${c.host ?? "any host"}${c.path ?? ""}`);

  const reasons: string[] = [];
  for (const b of backends) {
    if (!b.service) {
      reasons.push(`ingress ${c.name} ${b.where}: backend names no service`);
      continue;
    }
    const svc = findObject(ctx.snapshot, "services", b.service);
    if (!isLive(svc)) {
      reasons.push(`ingress ${c.name} ${b.where}: service ${b.service} does not exist`);
      continue;
    }
    const ports = Array.isArray(dig(svc, "spec", "ports")) ? (dig(svc, "spec", "ports") as unknown[]) : [];
    const want = b.port?.number ?? b.port?.name;
    const hasPort = want === undefined || ports.some((p) => (b.port?.number !== undefined ? dig(p, "port") === b.port.number : dig(p, "name") === b.port?.name));
    if (!hasPort) reasons.push(`ingress ${c.name} ${b.where}: service ${b.service} has no port ${String(want)}`);
    reasons.push(...serviceHasEndpoints({ service: b.service }, ctx).reasons.map((r) => `ingress ${c.name} ${b.where}: ${r}`));
  }
  return reasons.length ? fail(...reasons) : pass();
}

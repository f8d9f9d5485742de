import type { DeploymentConditionSymptom } from "../../../scenarios/index.js";
import { conditionOf, dig, objectsOf } from "../../../engine/recovery.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/** The Deployment has a status condition of that type (and status / reason). */
export const deploymentCondition: SymptomChecker<DeploymentConditionSymptom> = (s, ctx) => {
  const d = objectsOf(ctx.snapshot, "deployments")[s.name];
  if (!d) return notSeen(`deployment ${s.name} does not exist`);
  const c = conditionOf(d, s.type);
  const all = ((dig(d, "status", "conditions") as unknown[] | undefined) ?? [])
    .map((x) => `${String(dig(x, "type"))}=${String(dig(x, "status"))}/${String(dig(x, "reason"))}`)
    .join(", ");
  const ok = c !== undefined && (s.status === undefined || c.status === s.status) && (s.reason === undefined || c.reason === s.reason);
  return ok ? seen(`${s.name}: ${s.type}=${c.status}/${c.reason}`) : notSeen(`deployment ${s.name} conditions: ${all || "none"}`);
};

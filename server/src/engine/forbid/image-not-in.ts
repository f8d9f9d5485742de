import { imageRepository, type ImageNotInForbid } from "../../scenarios/index.js";
import { describeTarget, dig, clear, findObject, holds, type ForbidResult, type EvaluationContext } from "../recovery/snapshot.js";

/**
 * Holds while a container (or the named one) runs an image from another repository than allowed: the app
 * was replaced, not repaired. A missing object does not hold (objectMissing covers deletion); a missing
 * named container does (it was renamed or removed).
 */
export function imageNotIn(c: ImageNotInForbid, ctx: EvaluationContext): ForbidResult {
  const obj = findObject(ctx.snapshot, c.target.kind, c.target.name);
  if (!obj) return clear();
  const podSpec = c.target.kind === "Pod" ? dig(obj, "spec") : dig(obj, "spec", "template", "spec");
  const containers = (Array.isArray(dig(podSpec, "containers")) ? (dig(podSpec, "containers") as unknown[]) : []).filter(
    (k) => c.container === undefined || dig(k, "name") === c.container,
  );
  if (c.container !== undefined && containers.length === 0) return holds(`${describeTarget(c.target)} has no container ${c.container}`);
  const reasons: string[] = [];
  for (const k of containers) {
    const image = String(dig(k, "image") ?? "");
    if (!c.repositories.includes(imageRepository(image))) {
      reasons.push(`${describeTarget(c.target)} container ${String(dig(k, "name"))} runs ${image}, not an image from ${c.repositories.join(", ")}`);
    }
  }
  return reasons.length ? holds(...reasons) : clear();
}

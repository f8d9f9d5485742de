import type { ImageNotInForbid } from "../../../scenarios/index.js";
import { containersOf, targetObject } from "./objects.js";
import { NoCheapFixModel, type CheapFix } from "./types.js";

/**
 * The image a team might swap in to get *something* answering. Always this one: a forbid whose
 * repositories allow it lets exactly that shortcut through, and the self-test should say so.
 */
export const STAND_IN_IMAGE = "docker.io/library/nginx:1.27";

/** `kubectl set image … <c>=nginx`: the app is replaced by one that happens to answer. */
export const imageNotIn: CheapFix<ImageNotInForbid> = (s, snapshot) => {
  const obj = targetObject(snapshot, s.target);
  const image = STAND_IN_IMAGE;
  const containers = containersOf(obj, s.target.kind).filter((c) => s.container === undefined || c.name === s.container);
  if (containers.length === 0) throw new NoCheapFixModel(`no container${s.container ? ` ${s.container}` : ""} in ${s.target.kind}/${s.target.name} to swap`);
  for (const c of containers) c.image = image;
  return `kubectl set image ${s.target.kind.toLowerCase()}/${s.target.name} ${containers.map((c) => `${String(c.name)}=${image}`).join(" ")}`;
};

import type { ObjectMissingForbid } from "../../../scenarios/index.js";
import { removeObject } from "./objects.js";
import type { CheapFix } from "./types.js";

/** `kubectl delete <kind> <name>`: the object is simply gone. */
export const objectMissing: CheapFix<ObjectMissingForbid> = (s, snapshot) => {
  removeObject(snapshot, s.target);
  return `kubectl delete ${s.target.kind.toLowerCase()} ${s.target.name}`;
};

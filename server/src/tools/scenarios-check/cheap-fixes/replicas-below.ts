import type { ReplicasBelowForbid } from "../../../scenarios/index.js";
import { targetObject } from "./objects.js";
import type { CheapFix } from "./types.js";

/** `kubectl scale --replicas=<limit-1>`: fewer replicas hide the failing ones. Status is left healthy on purpose. */
export const replicasBelow: CheapFix<ReplicasBelowForbid> = (s, snapshot) => {
  const obj = targetObject(snapshot, s.target);
  const replicas = Math.max(0, s.replicas - 1);
  obj.spec = { ...(obj.spec as object), replicas };
  return `kubectl scale ${s.target.kind.toLowerCase()}/${s.target.name} --replicas=${replicas}`;
};

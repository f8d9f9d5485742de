import type { PvcPhaseSymptom } from "../../../scenarios/index.js";
import { dig, objectsOf } from "../../../engine/recovery.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/** The PersistentVolumeClaim is in that phase. */
export const pvcPhase: SymptomChecker<PvcPhaseSymptom> = (s, ctx) => {
  const pvc = objectsOf(ctx.snapshot, "persistentvolumeclaims")[s.name];
  if (!pvc) return notSeen(`pvc ${s.name} does not exist`);
  const phase = String(dig(pvc, "status", "phase") ?? "<no phase>");
  return phase === s.phase ? seen(`pvc ${s.name} ${phase}`) : notSeen(`pvc ${s.name} is ${phase}`);
};

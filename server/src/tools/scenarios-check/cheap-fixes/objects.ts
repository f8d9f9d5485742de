import { resourceForKind } from "../../../engine/resource-names.js";
import type { KubeObject } from "../../../engine/recovery.js";
import { NoCheapFixModel, type MutableSnapshot } from "./types.js";

/** The target object in the snapshot (to be edited in place); throws when the baseline lacks it. */
export function targetObject(snapshot: MutableSnapshot, target: { kind: string; name: string }): KubeObject {
  const obj = snapshot[resourceForKind(target.kind)]?.[target.name];
  if (!obj) throw new NoCheapFixModel(`${target.kind}/${target.name} is not in the watched baseline, so no shortcut on it can be modelled`);
  return obj;
}

export function removeObject(snapshot: MutableSnapshot, target: { kind: string; name: string }): void {
  const objects = snapshot[resourceForKind(target.kind)];
  if (objects) delete objects[target.name];
}

/** The pod template's (or a Pod's) containers. */
export function containersOf(obj: KubeObject, kind: string): Record<string, unknown>[] {
  const spec = obj.spec as Record<string, unknown> | undefined;
  const podSpec = kind === "Pod" ? spec : ((spec?.template as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined);
  return (podSpec?.containers as Record<string, unknown>[] | undefined) ?? [];
}

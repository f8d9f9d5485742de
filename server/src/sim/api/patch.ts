/**
 * Dispatches a PATCH body to the right patch algorithm by Content-Type (the four types kubectl sends).
 * The algorithms live in sim/patch; this module only decodes bodies and picks one.
 */
import type { KubeObject } from "../store/types.js";
import { applyJsonPatch } from "../patch/json-patch.js";
import { applyMergePatch } from "../patch/merge-patch.js";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch.js";
import { parseStructured } from "./http-io.js";
import { badRequest, unsupportedMediaType } from "./status.js";

export const JSON_PATCH_TYPE = "application/json-patch+json";
export const MERGE_PATCH_TYPE = "application/merge-patch+json";
export const STRATEGIC_MERGE_PATCH_TYPE = "application/strategic-merge-patch+json";
export const APPLY_PATCH_TYPE = "application/apply-patch+yaml";
const APPLY_PATCH_CBOR = "application/apply-patch+cbor";

export function isApplyPatch(contentType: string): boolean {
  return contentType === APPLY_PATCH_TYPE || contentType === APPLY_PATCH_CBOR;
}

export interface PatchOptions {
  kind: string;
  fieldManager?: string;
  force?: boolean;
  /** For server-side apply of a new object: the applied object, already normalised. */
  created?: KubeObject;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/**
 * Server-side apply, approximated: the applied configuration is merged into the live object with
 * strategic-merge semantics (lists by merge key). Field ownership and conflicts are not tracked.
 */
function serverSideApply(live: KubeObject | undefined, applied: Record<string, unknown>, kind: string): KubeObject {
  if (!live) return applied as KubeObject;
  const patch = { ...applied };
  delete patch.status;
  return applyStrategicMergePatch(live, patch, kind) as KubeObject;
}

export function applyPatchBody(contentType: string, current: KubeObject | undefined, body: Buffer, opts: PatchOptions): KubeObject {
  if (isApplyPatch(contentType)) {
    if (contentType === APPLY_PATCH_CBOR) throw unsupportedMediaType(contentType);
    return serverSideApply(current, opts.created ?? parseStructured(body.toString("utf8"), true), opts.kind);
  }
  if (!current) throw badRequest("cannot patch an object that does not exist");
  switch (contentType) {
    case JSON_PATCH_TYPE:
      return applyJsonPatch(current, parseJson(body)) as KubeObject;
    case MERGE_PATCH_TYPE:
      return applyMergePatch(current, parseJson(body)) as KubeObject;
    case STRATEGIC_MERGE_PATCH_TYPE:
      return applyStrategicMergePatch(current, parseJson(body), opts.kind) as KubeObject;
    default:
      throw unsupportedMediaType(contentType);
  }
}

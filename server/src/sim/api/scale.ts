/**
 * The `scale` subresource: an autoscaling/v1 Scale view of deployments, replicasets and statefulsets.
 * Writes never conflict (no resourceVersion precondition): kubectl retries a 409 for five minutes.
 */
import { formatTimestamp, labelSelectorFromSpec, formatLabelSelector } from "../store/index.js";
import type { KubeObject } from "../store/types.js";
import { gvrOf } from "../resources/registry.js";
import type { ResourceCall } from "./context.js";
import { getOrNotFound } from "./crud.js";
import { decodeObject, mediaType, readBody, sendJson } from "./http-io.js";
import { applyPatchBody } from "./patch.js";
import { fieldManagerOf, fieldManagerWrite, withFieldManager } from "./admission/managed-fields.js";
import { badRequest, invalid } from "./status.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function toScale(obj: KubeObject): Record<string, unknown> {
  const o = obj as Json;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: formatLabelSelector(labelSelectorFromSpec(o.spec?.selector)) },
  };
}

export function handleGetScale(call: ResourceCall): void {
  sendJson(call.res, 200, toScale(getOrNotFound(call)));
}

export async function handleWriteScale(call: ResourceCall, patch: boolean): Promise<void> {
  const body = await readBody(call.req);
  const current = getOrNotFound(call);
  const scale = toScale(current);
  let next: Json;
  if (patch) next = applyPatchBody(mediaType(call.req.headers["content-type"]), scale as KubeObject, body, { kind: "Scale", fieldManager: fieldManagerOf(call.query, call.req.headers["user-agent"]), now: formatTimestamp(call.ctx.clock.now()) });
  else next = decodeObject(body, call.req.headers["content-type"]);
  const replicas = next?.spec?.replicas;
  if (replicas === undefined) throw badRequest("spec.replicas is required");
  if (typeof replicas !== "number" || !Number.isInteger(replicas)) throw badRequest(`spec.replicas must be an integer, got ${JSON.stringify(replicas)}`);
  if (replicas < 0) {
    throw invalid("Scale", call.info.name, [{ reason: "FieldValueInvalid", field: "spec.replicas", message: `Invalid value: ${replicas}: must be greater than or equal to 0` }], "autoscaling");
  }
  const obj = current as Json;
  obj.spec = { ...(obj.spec ?? {}), replicas };
  delete obj.metadata.resourceVersion; // never 409 on scale
  const manager = fieldManagerOf(call.query, call.req.headers["user-agent"]);
  const updated = withFieldManager(call.ctx.store, fieldManagerWrite(call.ctx.clock, manager, "scale"), () =>
    call.ctx.store.update(gvrOf(call.def), obj, { dryRun: call.query.has("dryRun"), fieldManager: call.query.get("fieldManager") ?? undefined }),
  );
  sendJson(call.res, 200, toScale(updated));
}

/**
 * The computed, create-only review kinds: SelfSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`auth can-i --list`) and SelfSubjectReview (`auth whoami`).
 */
import { authorize, subjectRules, type Identity, type RbacObjects, type RequestAttributes } from "../auth/rbac.js";
import type { ResourceCall } from "./context.js";
import { decodeObject, readBody, sendJson } from "./http-io.js";
import { badRequest } from "./status.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function accessReviewStatus(identity: Identity, spec: Json, rbac: RbacObjects): { allowed: boolean; reason?: string } {
  let attrs: RequestAttributes;
  if (spec?.resourceAttributes) {
    const r = spec.resourceAttributes;
    attrs = {
      verb: r.verb ?? "",
      resourceRequest: true,
      apiGroup: r.group ?? "",
      apiVersion: r.version,
      resource: r.resource ?? "",
      subresource: r.subresource || undefined,
      namespace: r.namespace || undefined,
      name: r.name || undefined,
    };
  } else if (spec?.nonResourceAttributes) {
    attrs = { verb: spec.nonResourceAttributes.verb ?? "", resourceRequest: false, path: spec.nonResourceAttributes.path ?? "" };
  } else {
    throw badRequest("exactly one of nonResourceAttributes or resourceAttributes must be specified");
  }
  const d = authorize(identity, attrs, rbac);
  return d.allowed ? { allowed: true, ...(d.reason ? { reason: d.reason } : {}) } : { allowed: false };
}

function userInfo(identity: Identity): Record<string, unknown> {
  const u: Record<string, unknown> = { username: identity.username, groups: identity.groups };
  if (identity.uid) u.uid = identity.uid;
  if (identity.extra) u.extra = identity.extra;
  return u;
}

export async function handleReview(call: ResourceCall): Promise<void> {
  const body = decodeObject(await readBody(call.req), call.req.headers["content-type"]) as Json;
  const { identity, ctx, def } = call;
  const metadata = { creationTimestamp: null, ...(body.metadata ?? {}) };
  const base = { kind: def.kind, apiVersion: `${def.group}/${def.version}`, metadata };
  switch (def.resource) {
    case "selfsubjectaccessreviews":
      sendJson(call.res, 201, { ...base, spec: body.spec ?? {}, status: accessReviewStatus(identity, body.spec, ctx.rbac.objects()) });
      return;
    case "selfsubjectrulesreviews": {
      const namespace = body.spec?.namespace ?? "";
      sendJson(call.res, 201, { ...base, spec: body.spec ?? {}, status: subjectRules(identity, namespace, ctx.rbac.objects()) });
      return;
    }
    case "selfsubjectreviews":
      sendJson(call.res, 201, { ...base, status: { userInfo: userInfo(identity) } });
      return;
    default:
      throw badRequest(`unsupported review ${def.resource}`);
  }
}

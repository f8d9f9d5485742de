/**
 * RBAC escalation prevention for HTTP writes of Roles, ClusterRoles and their bindings: the checks
 * kube-apiserver's RBAC storage makes with the requester's identity (auth/escalation.ts), run on the
 * object about to be stored. In-process writers (the sim's bootstrap and controllers) are trusted.
 */
import { checkRbacWrite, escalationStatusMessage, isRbacResource, RBAC_GROUP } from "../../auth/escalation.js";
import type { KubeObject } from "../../store/types.js";
import type { ResourceCall } from "../context.js";
import { forbidden, notFound } from "../status.js";

/** Throws 403 (or 404 for a binding to a missing role) when the write would grant what the caller lacks. */
export function admitRbacWrite(call: ResourceCall, obj: KubeObject, old: KubeObject | undefined): void {
  const resource = call.def.resource;
  if (!isRbacResource(call.def.group, resource)) return;
  const result = checkRbacWrite({
    identity: call.identity,
    resource,
    namespace: call.def.namespaced ? call.info.namespace : undefined,
    requestName: call.info.name,
    obj,
    old,
    rbac: call.ctx.rbac.objects(),
  });
  if ("forbidden" in result) {
    throw forbidden(escalationStatusMessage(resource, result.name, result.forbidden), { name: result.name || undefined, group: RBAC_GROUP, kind: resource });
  }
  if ("notFound" in result) throw notFound(`${result.notFound.resource}.${RBAC_GROUP}`, result.notFound.name, RBAC_GROUP, result.notFound.resource);
}

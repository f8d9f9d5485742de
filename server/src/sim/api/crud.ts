/**
 * get / list / create / update / patch / delete / deletecollection for stored resources, plus the
 * `status` subresource. Responses follow kube-apiserver: 201 on create, Tables for the Table Accept,
 * `<Kind>List` with `metadata.resourceVersion` for lists, Status errors otherwise.
 */
import type { DeleteOptions, GroupVersionResource, KubeObject } from "../store/types.js";
import { apiVersionOf, qualifiedResource, type ResourceDef } from "../resources/registry.js";
import { resourceView, type ResourceView } from "./resource-view.js";
import type { ResourceCall } from "./context.js";
import { decodeObject, mediaType, parseStructured, readBody, sendJson, wantsPartialMetadata, wantsTable } from "./http-io.js";
import { applyPatchBody, APPLY_PATCH_TYPE, isApplyPatch } from "./patch.js";
import { fieldManagerOf, fieldManagerWrite, withFieldManager } from "./admission/managed-fields.js";
import { admitRbacWrite } from "./admission/rbac-escalation.js";
import { formatTimestamp } from "../store/index.js";
import { ApiError, badRequest, forbidden, notFound, successStatus } from "./status.js";
import { parseIncludeObject, partialObjectMetadata, toTable } from "./table.js";

export const NAMESPACES: GroupVersionResource = { group: "", version: "v1", resource: "namespaces" };
/** Upper bound on a page; kubectl asks for 500, and without `limit` the whole list comes back. */
const MAX_LIMIT = 100_000;

function view(call: ResourceCall): ResourceView {
  return resourceView(call.ctx.store, call.def);
}

function ns(call: ResourceCall): string | undefined {
  return call.def.namespaced ? call.info.namespace || undefined : undefined;
}

export function getOrNotFound(call: ResourceCall, name = call.info.name): KubeObject {
  const obj = view(call).get(ns(call), name);
  if (!obj) throw notFound(qualifiedResource(call.def), name, call.def.group || undefined, call.def.resource);
  return obj;
}

export function handleGet(call: ResourceCall): void {
  const obj = getOrNotFound(call);
  const accept = call.req.headers.accept;
  if (wantsTable(accept)) {
    const includeObject = parseIncludeObject(call.query.get("includeObject"));
    sendJson(call.res, 200, toTable(call.def, [obj], { includeObject, nowMs: call.ctx.clock.now(), resourceVersion: obj.metadata.resourceVersion }));
    return;
  }
  if (wantsPartialMetadata(accept)) {
    sendJson(call.res, 200, partialObjectMetadata(obj));
    return;
  }
  sendJson(call.res, 200, obj);
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid limit: ${raw}`);
  return Math.min(n, MAX_LIMIT) || undefined;
}

export function handleList(call: ResourceCall): void {
  const q = call.query;
  const result = view(call).list({
    namespace: ns(call),
    labelSelector: q.get("labelSelector") ?? undefined,
    fieldSelector: q.get("fieldSelector") ?? undefined,
    limit: parseLimit(q.get("limit")),
    continue: q.get("continue") ?? undefined,
  });
  const accept = call.req.headers.accept;
  if (wantsTable(accept)) {
    sendJson(
      call.res,
      200,
      toTable(call.def, result.items, {
        includeObject: parseIncludeObject(q.get("includeObject")),
        nowMs: call.ctx.clock.now(),
        resourceVersion: result.resourceVersion,
        continue: result.continue,
        remainingItemCount: result.remainingItemCount,
      }),
    );
    return;
  }
  const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) metadata.continue = result.continue;
  if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
  if (wantsPartialMetadata(accept)) {
    sendJson(call.res, 200, { kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata, items: result.items.map(partialObjectMetadata) });
    return;
  }
  sendJson(call.res, 200, { kind: `${call.def.kind}List`, apiVersion: apiVersionOf(call.def), metadata, items: result.items });
}

/** Runs one store write on behalf of the request's field manager (managedFields, operation Update). */
function asFieldManager<T>(call: ResourceCall, subresource: string | undefined, write: () => T): T {
  const manager = fieldManagerOf(call.query, call.req.headers["user-agent"]);
  return withFieldManager(call.ctx.store, fieldManagerWrite(call.ctx.clock, manager, subresource), write);
}

function isDryRun(q: URLSearchParams): boolean {
  const values = q.getAll("dryRun");
  for (const v of values) if (v !== "All") throw badRequest(`Invalid dry run value: ${v}; supported values are "All"`);
  return values.length > 0;
}

/** Fills kind/apiVersion, checks them, and pins metadata.namespace to the URL's. */
export function normalizeBody(call: ResourceCall, obj: Record<string, unknown>, def: ResourceDef = call.def): KubeObject {
  const expectedApiVersion = apiVersionOf(def);
  if (obj.apiVersion === undefined || obj.apiVersion === "") obj.apiVersion = expectedApiVersion;
  if (obj.kind === undefined || obj.kind === "") obj.kind = def.kind;
  if (obj.kind !== def.kind || obj.apiVersion !== expectedApiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) and kind (${String(obj.kind)}) do not match the expected ${expectedApiVersion} ${def.kind}`);
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== "object" || Array.isArray(obj.metadata)) throw badRequest("metadata must be an object");
  const meta = obj.metadata as Record<string, unknown>;
  if (def.namespaced) {
    if (meta.namespace && meta.namespace !== call.info.namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.namespace = call.info.namespace;
  } else delete meta.namespace;
  return obj as KubeObject;
}

/** NamespaceLifecycle admission: no new objects in missing or terminating namespaces. */
export function checkNamespaceForCreate(call: ResourceCall, name: string): void {
  if (!call.def.namespaced) return;
  const nsObj = call.ctx.store.get(NAMESPACES, undefined, call.info.namespace);
  if (!nsObj) throw notFound("namespaces", call.info.namespace);
  if (nsObj.metadata.deletionTimestamp || (nsObj as { status?: { phase?: string } }).status?.phase === "Terminating") {
    const subject = name ? `${qualifiedResource(call.def)} "${name}"` : qualifiedResource(call.def);
    throw forbidden(`${subject} is forbidden: unable to create new content in namespace ${call.info.namespace} because it is being terminated`, {
      name,
      kind: call.def.resource,
    });
  }
}

export async function handleCreate(call: ResourceCall): Promise<void> {
  const body = await readBody(call.req);
  const obj = normalizeBody(call, decodeObject(body, call.req.headers["content-type"]));
  checkNamespaceForCreate(call, obj.metadata.name ?? "");
  admitRbacWrite(call, obj, undefined);
  const created = asFieldManager(call, undefined, () => view(call).create(obj, { dryRun: isDryRun(call.query), fieldManager: call.query.get("fieldManager") ?? undefined }));
  sendJson(call.res, 201, created);
}

export async function handleUpdate(call: ResourceCall, subresource?: "status"): Promise<void> {
  const body = await readBody(call.req);
  const obj = normalizeBody(call, decodeObject(body, call.req.headers["content-type"]));
  if (obj.metadata.name && obj.metadata.name !== call.info.name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${call.info.name})`);
  }
  obj.metadata.name = call.info.name;
  const current = getOrNotFound(call);
  if (!subresource) admitRbacWrite(call, obj, current);
  const updated = asFieldManager(call, subresource, () =>
    view(call).update(obj, {
      subresource,
      dryRun: isDryRun(call.query),
      fieldManager: call.query.get("fieldManager") ?? undefined,
    }),
  );
  sendJson(call.res, 200, updated);
}

export async function handlePatch(call: ResourceCall, subresource?: "status"): Promise<void> {
  const body = await readBody(call.req);
  const contentType = mediaType(call.req.headers["content-type"]);
  const fieldManager = call.query.get("fieldManager") ?? undefined;
  const force = call.query.get("force") === "true";
  const dryRun = isDryRun(call.query);
  const now = formatTimestamp(call.ctx.clock.now());
  const v = view(call);
  const current = v.get(ns(call), call.info.name);
  if (!current) {
    if (isApplyPatch(contentType) && !subresource) {
      // server-side apply creates what does not exist yet
      if (!fieldManager) throw badRequest("PATCH requests with apply content type must specify a fieldManager");
      const applied = normalizeBody(call, parseStructured(body.toString("utf8"), true));
      if (applied.metadata.name && applied.metadata.name !== call.info.name) {
        throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${call.info.name})`);
      }
      applied.metadata.name = call.info.name;
      checkNamespaceForCreate(call, call.info.name);
      const obj = applyPatchBody(APPLY_PATCH_TYPE, undefined, body, { fieldManager, force, now, kind: call.def.kind, created: applied });
      admitRbacWrite(call, obj, undefined);
      const created = v.create(obj, { dryRun, fieldManager });
      sendJson(call.res, 201, created);
      return;
    }
    throw notFound(qualifiedResource(call.def), call.info.name, call.def.group || undefined, call.def.resource);
  }
  if (isApplyPatch(contentType) && !fieldManager) throw badRequest("PATCH requests with apply content type must specify a fieldManager");
  const patched = applyPatchBody(contentType, current, body, { fieldManager, force, now, kind: call.def.kind });
  const meta = (patched.metadata ??= { name: call.info.name }) as KubeObject["metadata"];
  if (meta.name !== call.info.name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${call.info.name})`);
  if (call.def.namespaced && meta.namespace !== call.info.namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  if (patched.kind !== current.kind || patched.apiVersion !== current.apiVersion) throw badRequest("the patch may not change kind or apiVersion");
  if (!subresource) admitRbacWrite(call, patched, current);
  // server-side apply has computed managedFields itself; other patches record an Update
  const write = () => v.update(patched, { subresource, dryRun, fieldManager });
  const updated = isApplyPatch(contentType) ? write() : asFieldManager(call, subresource, write);
  sendJson(call.res, 200, updated);
}

const PROPAGATION = new Set(["Background", "Foreground", "Orphan"]);

async function deleteOptions(call: ResourceCall): Promise<DeleteOptions & { dryRun: boolean }> {
  const body = await readBody(call.req);
  let opts: Record<string, unknown> = {};
  if (body.length && body.toString("utf8").trim() !== "") opts = decodeObject(body, call.req.headers["content-type"] ?? "application/json");
  const q = call.query;
  const propagation = (q.get("propagationPolicy") ?? opts.propagationPolicy ?? (opts.orphanDependents === true ? "Orphan" : undefined)) as string | undefined;
  if (propagation !== undefined && !PROPAGATION.has(propagation)) {
    throw badRequest(`propagationPolicy must be one of Background, Foreground, Orphan; got "${propagation}"`);
  }
  const graceRaw = q.get("gracePeriodSeconds") ?? opts.gracePeriodSeconds;
  let gracePeriodSeconds: number | undefined;
  if (graceRaw !== undefined && graceRaw !== null && graceRaw !== "") {
    gracePeriodSeconds = Number(graceRaw);
    if (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0) throw badRequest(`invalid gracePeriodSeconds: ${String(graceRaw)}`);
  }
  const dryRunBody = Array.isArray(opts.dryRun) && (opts.dryRun as unknown[]).includes("All");
  const preconditions = opts.preconditions as { uid?: string } | undefined;
  return {
    propagationPolicy: propagation as DeleteOptions["propagationPolicy"],
    gracePeriodSeconds,
    preconditionUid: preconditions?.uid,
    dryRun: isDryRun(q) || dryRunBody,
  };
}

export async function handleDelete(call: ResourceCall): Promise<void> {
  const opts = await deleteOptions(call);
  const v = view(call);
  const current = getOrNotFound(call);
  if (opts.dryRun) {
    sendJson(call.res, 200, current);
    return;
  }
  const result = v.delete(ns(call), call.info.name, opts);
  const still = v.get(ns(call), call.info.name);
  if (still || call.def.resource === "pods") {
    sendJson(call.res, 200, still ?? result);
    return;
  }
  const details: Record<string, unknown> = { name: call.info.name, kind: call.def.resource, uid: current.metadata.uid };
  if (call.def.group) details.group = call.def.group;
  sendJson(call.res, 200, successStatus(details as never));
}

export async function handleDeleteCollection(call: ResourceCall): Promise<void> {
  const opts = await deleteOptions(call);
  const v = view(call);
  const items = v.list({
    namespace: ns(call),
    labelSelector: call.query.get("labelSelector") ?? undefined,
    fieldSelector: call.query.get("fieldSelector") ?? undefined,
  }).items;
  const deleted: KubeObject[] = [];
  for (const item of items) {
    if (opts.dryRun) {
      deleted.push(item);
      continue;
    }
    try {
      deleted.push(v.delete(item.metadata.namespace, item.metadata.name, opts));
    } catch (err) {
      // a concurrent delete is not a failure of the collection delete
      if (!(err instanceof Error && (err as unknown as ApiError).code === 404)) throw err;
    }
  }
  sendJson(call.res, 200, { kind: `${call.def.kind}List`, apiVersion: apiVersionOf(call.def), metadata: { resourceVersion: call.ctx.store.currentResourceVersion() }, items: deleted });
}

/**
 * `pods/eviction` (what `kubectl drain` posts): the sim has no PodDisruptionBudgets, so an eviction is
 * a graceful delete with the Eviction's deleteOptions.
 */
export async function handleEviction(call: ResourceCall): Promise<void> {
  const body = await readBody(call.req);
  const eviction = (body.length ? decodeObject(body, call.req.headers["content-type"]) : {}) as { metadata?: { name?: string }; deleteOptions?: Record<string, unknown> };
  if (eviction.metadata?.name && eviction.metadata.name !== call.info.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  getOrNotFound(call);
  const opts = eviction.deleteOptions ?? {};
  const grace = opts.gracePeriodSeconds;
  const dryRun = isDryRun(call.query) || (Array.isArray(opts.dryRun) && (opts.dryRun as unknown[]).includes("All"));
  if (!dryRun) {
    view(call).delete(call.info.namespace, call.info.name, {
      gracePeriodSeconds: typeof grace === "number" ? grace : undefined,
      preconditionUid: (opts.preconditions as { uid?: string } | undefined)?.uid,
    });
  }
  sendJson(call.res, 201, { ...successStatus(), code: 201 });
}

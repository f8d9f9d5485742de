import type { GroupVersionResource, StatusCause, StatusErrorShape, StatusReason } from "./types.js";

/** HTTP status code kube-apiserver uses for each Status reason. */
export const STATUS_CODE_BY_REASON: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
};

/**
 * An error the API layer can serialise as a Kubernetes `Status` as is. Thrown by the store, by
 * admission hooks and by the patch functions; watchers and callers check `instanceof StoreError`.
 */
export class StoreError extends Error implements StatusErrorShape {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details?: StatusErrorShape["details"];

  constructor(reason: StatusReason, message: string, details?: StatusErrorShape["details"], code?: number) {
    super(message);
    this.name = "StoreError";
    this.reason = reason;
    this.code = code ?? STATUS_CODE_BY_REASON[reason];
    if (details) this.details = details;
  }
}

export function isStatusError(err: unknown): err is StatusErrorShape {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as StatusErrorShape).code === "number" &&
    typeof (err as StatusErrorShape).reason === "string" &&
    typeof (err as StatusErrorShape).message === "string"
  );
}

/** `pods` or `deployments.apps`: the resource as kube-apiserver names it in messages. */
export function qualifiedResource(gvr: GroupVersionResource): string {
  return gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
}

function details(gvr: GroupVersionResource, name: string): NonNullable<StatusErrorShape["details"]> {
  return gvr.group ? { name, group: gvr.group, kind: gvr.resource } : { name, kind: gvr.resource };
}

export function notFound(gvr: GroupVersionResource, name: string): StoreError {
  return new StoreError("NotFound", `${qualifiedResource(gvr)} "${name}" not found`, details(gvr, name));
}

export function alreadyExists(gvr: GroupVersionResource, name: string): StoreError {
  return new StoreError("AlreadyExists", `${qualifiedResource(gvr)} "${name}" already exists`, details(gvr, name));
}

/** The optimistic-concurrency failure, worded exactly as kube-apiserver's. */
export function conflict(gvr: GroupVersionResource, name: string, why = OBJECT_MODIFIED): StoreError {
  return new StoreError(
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(gvr)} "${name}": ${why}`,
    details(gvr, name),
  );
}

export const OBJECT_MODIFIED =
  "the object has been modified; please apply your changes to the latest version and try again";

export function uidPreconditionFailed(gvr: GroupVersionResource, name: string, want: string, have: string): StoreError {
  return conflict(gvr, name, `Precondition failed: UID in precondition: ${want}, UID in object meta: ${have}`);
}

/** 422 with field causes; `kind` is the object's Kind (kubectl rebuilds the message from it). */
export function invalid(kind: string, name: string, causes: StatusCause[], group?: string): StoreError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(", ");
  const d: NonNullable<StatusErrorShape["details"]> = { name, kind, causes };
  if (group) d.group = group;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const message =
    causes.length === 1
      ? `${qualifiedKind} "${name}" is invalid: ${summary}`
      : `${qualifiedKind} "${name}" is invalid: [${summary}]`;
  return new StoreError("Invalid", message, d);
}

export function badRequest(message: string): StoreError {
  return new StoreError("BadRequest", message);
}

export function tooOldResourceVersion(requested: number | string, oldest: number): StoreError {
  return new StoreError("Gone", `too old resource version: ${requested} (${oldest})`);
}

/** kube-apiserver's wording when a list continue token points before the compacted history. */
export const CONTINUE_EXPIRED_MESSAGE =
  "The provided continue parameter is too old to display a consistent list result. " +
  "You can start a new list without the continue parameter.";

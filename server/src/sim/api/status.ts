/**
 * Kubernetes `Status` error bodies. kubectl prints `Error from server (<reason>): <message>` from them,
 * so reason, message, details and code must match kube-apiserver's (KUBECTL-PROTOCOL.md §4).
 */
import type { StatusCause, StatusErrorShape } from "../store/types.js";

/** Like the store's StatusErrorShape, but reason may be any Status reason (e.g. ServiceUnavailable). */
export interface ApiStatus {
  code: number;
  reason: string;
  message: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
}

export class ApiError extends Error implements ApiStatus {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: ApiStatus["details"],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isApiStatus(err: unknown): err is ApiStatus | StatusErrorShape {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as ApiStatus).code === "number" &&
    typeof (err as ApiStatus).reason === "string" &&
    typeof (err as ApiStatus).message === "string"
  );
}

export function statusBody(err: ApiStatus): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: err.message,
    reason: err.reason,
  };
  if (err.details && Object.keys(err.details).length) body.details = err.details;
  body.code = err.code;
  return body;
}

export function successStatus(details?: ApiStatus["details"]): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success" };
  if (details) body.details = details;
  return body;
}

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);
export const notFoundPath = () => new ApiError(404, "NotFound", "the server could not find the requested resource");
export const methodNotAllowed = (verb: string, what: string) =>
  new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { kind: what, name: verb });
export const unsupportedMediaType = (ct: string) =>
  new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`, { kind: ct });
export const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");
export const forbidden = (message: string, details?: ApiStatus["details"]) => new ApiError(403, "Forbidden", message, details);
export const internalError = (message: string) =>
  new ApiError(500, "InternalError", `Internal error occurred: ${message}`);

/** A 422 Invalid whose causes kubectl renders as `The <Kind> "<name>" is invalid: <field>: <message>`. */
export function invalid(kind: string, name: string, causes: StatusCause[], group?: string): ApiError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(", ");
  const message = causes.length === 1 ? `${kind} "${name}" is invalid: ${summary}` : `${kind} "${name}" is invalid: [${summary}]`;
  const details: ApiStatus["details"] = { name, kind, causes };
  if (group) details.group = group;
  return new ApiError(422, "Invalid", message, details);
}

export function notFound(qualifiedResource: string, name: string, group?: string, kind?: string): ApiError {
  const details: ApiStatus["details"] = { name, kind: kind ?? qualifiedResource.split(".")[0] };
  if (group) details.group = group;
  return new ApiError(404, "NotFound", `${qualifiedResource} "${name}" not found`, details);
}

/** Small HTTP helpers: JSON/Status responses, body reading and decoding (JSON, YAML, protobuf). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { decodeK8sProtobuf } from "./protobuf.js";
import { ApiError, badRequest, isApiStatus, statusBody, unsupportedMediaType, type ApiStatus } from "./status.js";

/** kube-apiserver's default request body limit is 3 MiB. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

export function sendStatus(res: ServerResponse, err: ApiStatus): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, statusBody(err));
}

/** Turns anything thrown into a Status; unknown errors become 500 InternalError. */
export function toStatus(err: unknown): ApiStatus {
  if (isApiStatus(err)) return err as ApiStatus;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, "InternalError", `Internal error occurred: ${message}`);
}

export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The bare media type of a Content-Type header, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** Decodes an object body (create/update) by Content-Type. */
export function decodeObject(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const mt = mediaType(contentType);
  if (mt === PROTOBUF_MEDIA_TYPE) return decodeK8sProtobuf(body).object;
  if (mt === "" || mt === "application/json" || mt === "application/yaml" || mt === "application/x-yaml" || mt === "text/yaml") {
    return parseStructured(body.toString("utf8"), mt.includes("yaml"));
  }
  throw unsupportedMediaType(mt);
}

/** Parses JSON (or YAML, a superset) into a plain object; anything else is 400. */
export function parseStructured(text: string, yaml: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    if (!yaml) {
      try {
        value = parseYaml(text);
      } catch {
        throw badRequest(`error decoding body: ${(err as Error).message}`);
      }
    } else throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw badRequest("the request body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Accept asks for a meta.k8s.io Table (kubectl's human-readable `get`). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const p = part.split(";").map((x) => x.trim());
    return p.includes("as=Table") && p.includes("g=meta.k8s.io");
  });
}

/** Accept asks for PartialObjectMetadata(List) (client-go metadata informers). */
export function wantsPartialMetadata(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const p = part.split(";").map((x) => x.trim());
    return (p.includes("as=PartialObjectMetadata") || p.includes("as=PartialObjectMetadataList")) && p.includes("g=meta.k8s.io");
  });
}

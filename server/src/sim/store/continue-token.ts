/**
 * List continuation tokens: opaque base64 JSON like kube-apiserver's
 * (`{"v":"meta.k8s.io/v1","rv":N,"start":"<last key>"}`).
 */
import { StoreError } from "./errors.js";

const TOKEN_VERSION = "meta.k8s.io/v1";

export interface ContinueToken {
  /** The resourceVersion of the first page. */
  rv: number;
  /** Sort key of the last item returned; the next page starts after it. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, rv: token.rv, start: token.start })).toString("base64url");
}

export function decodeContinue(raw: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Record<string, unknown>;
    if (parsed.v === TOKEN_VERSION && Number.isInteger(parsed.rv) && (parsed.rv as number) > 0 && typeof parsed.start === "string") {
      return { rv: parsed.rv as number, start: parsed.start };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new StoreError("BadRequest", `continue key is not valid: ${JSON.stringify(raw)}`);
}

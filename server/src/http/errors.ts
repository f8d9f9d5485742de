/**
 * Error responses: every failure leaves as `{ error: { code, message, details? } }` with the
 * status a FiredrillError carries. Unexpected errors are logged with their stack and answered
 * with a generic 500; stacks never reach the client.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { FiredrillError, type Logger } from "../core/index.js";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** JSON 404 for unknown /api routes (the SPA fallback must not swallow them). */
export const apiNotFound: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: "not-found", message: `no route for ${req.method} ${req.originalUrl.split("?")[0]}` } };
  res.status(404).json(body);
};

/** body-parser/http-errors style errors carry their status and whether the message is safe to show. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

const BODY_PARSER_CODES: Record<string, string> = {
  "entity.parse.failed": "invalid-json",
  "entity.too.large": "payload-too-large",
  "encoding.unsupported": "unsupported-encoding",
  "charset.unsupported": "unsupported-encoding",
};

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof FiredrillError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.httpStatus, body, unexpected: err.httpStatus >= 500 };
  }
  if (err instanceof z.ZodError) {
    return {
      status: 400,
      body: {
        error: {
          code: "invalid",
          message: err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
          details: err.issues.map((i) => ({ path: i.path, message: i.message })),
        },
      },
      unexpected: false,
    };
  }
  const httpErr = (typeof err === "object" && err !== null ? err : {}) as HttpLikeError;
  const status = httpErr.status ?? httpErr.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500 && httpErr.expose !== false) {
    const code = (httpErr.type && BODY_PARSER_CODES[httpErr.type]) ?? "bad-request";
    return { status, body: { error: { code, message: httpErr.message ?? "bad request" } }, unexpected: false };
  }
  return { status: 500, body: { error: { code: "internal", message: "internal server error" } }, unexpected: true };
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    const { status, body, unexpected } = toErrorResponse(err);
    if (unexpected) logger.error({ err, method: req.method, url: req.originalUrl }, "request failed");
    if (res.headersSent) {
      next(err); // Express closes the connection
      return;
    }
    res.status(status).json(body);
  };
}

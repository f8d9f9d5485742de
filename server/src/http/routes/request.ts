/**
 * Request helpers shared by the REST route modules: the bearer credential, game codes from the
 * URL, and body validation against the protocol's zod schemas (a ZodError becomes the 400
 * `{error:{code:"invalid", message, details}}` in the error middleware, before anything changes).
 */
import type { Request, RequestHandler } from "express";
import type { z } from "zod";
import { NotFoundError, UnauthorizedError } from "../../core/index.js";

/** Longest game code accepted in a URL; real codes are GAME_CODE_LENGTH (6) characters. */
export const MAX_GAME_CODE_LENGTH = 32;
const GAME_CODE_PATTERN = /^[A-Za-z0-9]+$/;
const BEARER_PATTERN = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The raw token of `Authorization: Bearer …`, or undefined when there is no Authorization header.
 * @throws UnauthorizedError when the header is present but not a bearer credential.
 */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === "") return undefined;
  const match = BEARER_PATTERN.exec(header);
  if (!match) throw new UnauthorizedError('Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * The `:code` URL parameter, upper-cased: codes are case-insensitive in URLs.
 * @throws NotFoundError when it cannot be a game code (no lookup needed).
 */
export function gameCode(req: Request): string {
  const raw = String(req.params.code ?? "");
  if (raw.length === 0 || raw.length > MAX_GAME_CODE_LENGTH || !GAME_CODE_PATTERN.test(raw)) {
    throw new NotFoundError(`game ${raw.slice(0, MAX_GAME_CODE_LENGTH)} not found`);
  }
  return raw.toUpperCase();
}

/** A required path parameter as a string. */
export function pathParam(req: Request, name: string): string {
  return String(req.params[name] ?? "");
}

/**
 * The JSON body checked against `schema`. A request with no body at all (no Content-Type) is
 * treated as `{}`, so routes whose schema accepts an empty object need no body.
 * @throws ZodError (400 "invalid", naming each field) when the body does not match.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const body: unknown = req.body === undefined ? {} : req.body;
  return schema.parse(body);
}

/** Credentials and live data must never sit in a shared cache. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

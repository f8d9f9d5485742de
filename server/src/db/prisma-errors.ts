/**
 * Prisma's constraint errors as Firedrill's typed errors. With driver adapters the violated
 * columns arrive in `meta.driverAdapterError.cause.constraint.fields` rather than `meta.target`,
 * so both places are read; the shape is duck-typed because the two generated clients have
 * distinct error classes.
 */
import { ConflictError } from "../core/index.js";

/** A unique constraint refused the write (e.g. a game code or team name already taken). */
export class DuplicateKeyError extends ConflictError {
  constructor(
    message: string,
    /** Columns of the violated constraint, when the driver reports them (e.g. ["gameId", "name"]). */
    readonly fields: readonly string[],
  ) {
    super(message);
  }
}

interface PrismaLikeError {
  code?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: { cause?: { kind?: unknown; constraint?: { fields?: unknown; index?: unknown } } };
  };
}

function asPrismaError(err: unknown): PrismaLikeError | undefined {
  return typeof err === "object" && err !== null && "code" in err ? (err as PrismaLikeError) : undefined;
}

/** P2002: unique constraint failed. Returns the constraint's columns ([] when unknown), or undefined. */
export function uniqueViolationFields(err: unknown): string[] | undefined {
  const e = asPrismaError(err);
  if (e?.code !== "P2002") return undefined;
  const target = e.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  const fields = e.meta?.driverAdapterError?.cause?.constraint?.fields;
  if (Array.isArray(fields)) return fields.map((f) => String(f).replace(/^"|"$/g, ""));
  if (typeof target === "string") return [target];
  return [];
}

/** P2003: foreign key constraint failed (the referenced row does not exist). */
export function isForeignKeyViolation(err: unknown): boolean {
  return asPrismaError(err)?.code === "P2003";
}

/** P2025: the record an update/delete needed does not exist. */
export function isRecordNotFound(err: unknown): boolean {
  return asPrismaError(err)?.code === "P2025";
}

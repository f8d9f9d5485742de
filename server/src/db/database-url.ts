/** Parsing of DATABASE_URL: which provider it selects and, for SQLite, which file. */
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

const POSTGRES_URL_PATTERN = /^postgres(ql)?:\/\//;
const SQLITE_URL_PREFIX = "file:";

export function databaseProvider(url: string): DatabaseProvider {
  if (POSTGRES_URL_PATTERN.test(url)) return "postgresql";
  if (url.startsWith(SQLITE_URL_PREFIX)) return "sqlite";
  throw new Error(`unsupported DATABASE_URL "${redactDatabaseUrl(url)}": use file:<path> (SQLite) or postgresql://…`);
}

/**
 * Absolute path of the SQLite file in a `file:` URL. Relative paths resolve against `cwd`,
 * as the SQLite adapter does (STACK.md gotcha 19). Query parameters are ignored.
 */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  if (!url.startsWith(SQLITE_URL_PREFIX)) throw new Error(`not a SQLite URL: "${url}"`);
  const raw = url.slice(SQLITE_URL_PREFIX.length).split("?")[0]!;
  if (raw === "" || raw === ":memory:") {
    throw new Error(`DATABASE_URL "${url}" has no file path; in-memory SQLite is not supported (each connection would see its own database)`);
  }
  return path.resolve(cwd, raw);
}

/** The URL with its password masked, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

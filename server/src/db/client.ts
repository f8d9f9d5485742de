/**
 * The Prisma client factory: the runtime switch between SQLite (embedded default) and
 * PostgreSQL. Both generated clients share one model API, so callers see one type.
 */
import type { PrismaClient } from "../generated/sqlite/client.js";
import { databaseProvider, sqliteFilePath } from "./database-url.js";
import { SQLITE_BUSY_TIMEOUT_MS } from "./migrate.js";

/** The Prisma client every repository takes. SQLite's type stands for both (same models). */
export type Database = PrismaClient;

/**
 * Creates a client for `url` (`file:…` or `postgresql://…`). It connects lazily on the first
 * query; run {@link migrateDatabase} first. Close it with `db.$disconnect()`.
 */
export async function createDatabase(url: string, options: { cwd?: string } = {}): Promise<Database> {
  if (databaseProvider(url) === "postgresql") {
    const [{ PrismaClient: PgClient }, { PrismaPg }] = await Promise.all([
      import("../generated/postgres/client.js"),
      import("@prisma/adapter-pg"),
    ]);
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Database;
  }
  const [{ PrismaClient: SqliteClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../generated/sqlite/client.js"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  const file = sqliteFilePath(url, options.cwd);
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // Per connection (the adapter keeps one). In WAL mode NORMAL is crash-safe for the application
  // (a power cut may lose the last commits, never corrupt the file) and skips an fsync per commit.
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return db;
}

/** Clients closed through {@link closeDatabase}; Prisma would silently reconnect on the next query. */
const closedDatabases = new WeakSet<Database>();

/** Disconnects and marks the client closed, so readiness reports it instead of reconnecting. */
export async function closeDatabase(db: Database): Promise<void> {
  closedDatabases.add(db);
  await db.$disconnect();
}

export function isDatabaseClosed(db: Database): boolean {
  return closedDatabases.has(db);
}

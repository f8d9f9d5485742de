/**
 * Applies the committed migrations (prisma/<provider>/migrations) at start-up, in process.
 *
 * Why not `prisma migrate deploy` in a child process: it costs ~0.9 s per start on SQLite and
 * ~2 s on PostgreSQL (CLI boot), against ~10 ms here, and every integration test boots a server
 * on a fresh database (figures in docs/BENCHMARKS.md). This applier writes the same `_prisma_migrations` bookkeeping (same table,
 * same SHA-256 checksums), so the CLI's `migrate status`/`deploy` agree with it; a test pins that.
 * Unlike the CLI it applies all pending migrations in one transaction (both providers have
 * transactional DDL), so a failing migration leaves the database untouched.
 *
 * SQLite ignores `PRAGMA foreign_keys` inside a transaction, yet Prisma's "RedefineTables"
 * migrations (create new_X, copy, DROP X, rename) rely on it being OFF: with it ON, dropping a
 * referenced table cascades into (or fails on) its children. So the applier turns enforcement off
 * before BEGIN, runs `PRAGMA foreign_key_check` before COMMIT (refusing to commit dangling
 * references), and turns it back on afterwards — what the Prisma CLI does per migration.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import {
  MIGRATION_NAME_PATTERN,
  migrationChecksum,
  planMigrations,
  type AppliedMigration,
  type LocalMigration,
} from "./migration-plan.js";
import { databaseProvider, redactDatabaseUrl, sqliteFilePath, type DatabaseProvider } from "./database-url.js";

/** Repository root: this file is server/src/db/migrate.ts, or dist/server/db/migrate.js once built. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** Folder holding one `migrations/` folder per provider. */
export const PRISMA_DIR = path.join(REPO_ROOT, "prisma");
/** Provider → schema folder name under prisma/. */
const PROVIDER_FOLDER: Record<DatabaseProvider, string> = { sqlite: "sqlite", postgresql: "postgres" };
/** Key of the session advisory lock Prisma's own migrate takes on PostgreSQL; sharing it serialises us with the CLI. */
const PG_MIGRATION_LOCK_KEY = 72_707_369;
/** How long a SQLite writer waits for another writer's lock, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export interface MigrateResult {
  provider: DatabaseProvider;
  /** Names of the migrations applied by this call, in order (empty when up to date). */
  applied: string[];
  warnings: string[];
  durationMs: number;
}

export interface MigrateOptions {
  /** Folder with the provider folders; defaults to the repository's prisma/. */
  prismaDir?: string;
  /** Resolves relative SQLite paths; defaults to process.cwd(). */
  cwd?: string;
}

/** Reads `<prismaDir>/<provider>/migrations/<name>/migration.sql`, sorted by name. */
export async function readLocalMigrations(provider: DatabaseProvider, prismaDir = PRISMA_DIR): Promise<LocalMigration[]> {
  const dir = path.join(prismaDir, PROVIDER_FOLDER[provider], "migrations");
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && MIGRATION_NAME_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

/**
 * Brings the database at `url` up to date with the committed migrations. Creates the SQLite
 * file and its directory when missing. Idempotent; safe to run from several processes at once.
 */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const provider = databaseProvider(url);
  const local = await readLocalMigrations(provider, options.prismaDir);
  const run = provider === "sqlite" ? migrateSqlite : migratePostgres;
  try {
    const { applied, warnings } = await run(url, local, options.cwd);
    return { provider, applied, warnings, durationMs: performance.now() - started };
  } catch (err) {
    throw new Error(`database migration failed for ${redactDatabaseUrl(url)}: ${errorMessage(err)}`, { cause: err });
  }
}

interface ApplyOutcome {
  applied: string[];
  warnings: string[];
}

/** Driver adapter errors keep the database's own message in `cause.originalMessage`. */
function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const original = (err.cause as { originalMessage?: unknown } | undefined)?.originalMessage;
  return typeof original === "string" ? `${err.message} (${original})` : err.message;
}

function assertNoErrors(errors: string[]): void {
  if (errors.length > 0) throw new Error(errors.join("; "));
}

// ---------------------------------------------------------------------------------------------
// SQLite: through the same better-sqlite3 adapter the CLI uses (one connection, exec for scripts).

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

/** Prisma stores SQLite timestamps as RFC 3339 with an explicit offset. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** Single-quoted SQL literal. Only our own values go through here (uuids, hex, validated names). */
function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

async function migrateSqlite(url: string, local: LocalMigration[], cwd?: string): Promise<ApplyOutcome> {
  const file = sqliteFilePath(url, cwd);
  await mkdir(path.dirname(file), { recursive: true });
  const adapter = await new PrismaBetterSQLite3({ url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS }).connect();
  try {
    // WAL lets readers (readyz, leaderboards) run while the gateway writes activity batches; it persists in the file.
    await adapter.executeScript("PRAGMA journal_mode = WAL;");
    await adapter.executeScript(SQLITE_MIGRATIONS_TABLE);
    // Must precede BEGIN: inside a transaction this pragma is a no-op (see the header comment).
    await adapter.executeScript("PRAGMA foreign_keys = OFF;");
    // IMMEDIATE takes the write lock now, so a concurrent migrator waits instead of double-applying.
    await adapter.executeScript("BEGIN IMMEDIATE;");
    try {
      const result = await adapter.queryRaw({
        sql: `SELECT migration_name, checksum, finished_at IS NOT NULL, rolled_back_at IS NOT NULL FROM "_prisma_migrations"`,
        args: [],
        argTypes: [],
      });
      const appliedRows: AppliedMigration[] = result.rows.map((r) => ({
        name: String(r[0]),
        checksum: String(r[1]),
        finished: Number(r[2]) === 1,
        rolledBack: Number(r[3]) === 1,
      }));
      const plan = planMigrations(local, appliedRows);
      assertNoErrors(plan.errors);
      for (const m of plan.pending) {
        const startedAt = sqliteTimestamp(new Date());
        try {
          await adapter.executeScript(m.sql); // throws synchronously on error: no .catch()
        } catch (err) {
          throw new Error(`migration ${m.name}: ${errorMessage(err)}`, { cause: err });
        }
        await adapter.executeScript(
          `INSERT INTO "_prisma_migrations" ("id","checksum","finished_at","migration_name","logs","rolled_back_at","started_at","applied_steps_count") ` +
            `VALUES (${sqlLiteral(randomUUID())}, ${sqlLiteral(m.checksum)}, ${sqlLiteral(sqliteTimestamp(new Date()))}, ` +
            `${sqlLiteral(m.name)}, NULL, NULL, ${sqlLiteral(startedAt)}, 1);`,
        );
      }
      if (plan.pending.length > 0) await assertNoForeignKeyViolations(adapter);
      await adapter.executeScript("COMMIT;");
      return { applied: plan.pending.map((m) => m.name), warnings: plan.warnings };
    } catch (err) {
      try {
        await adapter.executeScript("ROLLBACK;");
      } catch {
        // the failure already ended the transaction; the original error matters
      }
      throw err;
    }
  } finally {
    try {
      await adapter.executeScript("PRAGMA foreign_keys = ON;");
    } finally {
      await adapter.dispose();
    }
  }
}

/** Violations listed in an error, at most this many (the count is always given). */
const MAX_LISTED_FK_VIOLATIONS = 10;

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/** With enforcement off during the migrations, dangling references must be caught before COMMIT. */
async function assertNoForeignKeyViolations(adapter: SqliteAdapter): Promise<void> {
  const result = await adapter.queryRaw({ sql: "PRAGMA foreign_key_check", args: [], argTypes: [] });
  if (result.rows.length === 0) return;
  // columns: table, rowid, parent, fkid
  const listed = result.rows
    .slice(0, MAX_LISTED_FK_VIOLATIONS)
    .map((r) => `"${String(r[0])}" row ${r[1] === null ? "?" : String(r[1])} references a missing row in "${String(r[2])}"`);
  const more = result.rows.length > listed.length ? `; and ${result.rows.length - listed.length} more` : "";
  throw new Error(`foreign key check failed after migrating (${result.rows.length} violation(s)): ${listed.join("; ")}${more}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: plain pg, one connection; migration scripts run as simple (multi-statement) queries.

const PG_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

async function migratePostgres(url: string, local: LocalMigration[]): Promise<ApplyOutcome> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK_KEY]);
    try {
      await client.query("BEGIN");
      try {
        await client.query(PG_MIGRATIONS_TABLE);
        const result = await client.query<{ name: string; checksum: string; finished: boolean; rolled_back: boolean }>(
          `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations`,
        );
        const plan = planMigrations(
          local,
          result.rows.map((r) => ({ name: r.name, checksum: r.checksum, finished: r.finished, rolledBack: r.rolled_back })),
        );
        assertNoErrors(plan.errors);
        for (const m of plan.pending) {
          const startedAt = new Date();
          // no parameters → simple query protocol, several statements allowed
          await client.query(m.sql).catch((err: unknown) => {
            throw new Error(`migration ${m.name}: ${errorMessage(err)}`, { cause: err });
          });
          await client.query(
            `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
            [randomUUID(), m.checksum, m.name, startedAt],
          );
        }
        await client.query("COMMIT");
        return { applied: plan.pending.map((m) => m.name), warnings: plan.warnings };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

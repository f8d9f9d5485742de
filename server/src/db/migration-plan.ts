/**
 * Pure migration planning: which committed migrations still need applying, and what is wrong
 * with the database's history. IO lives in migrate.ts; this stays table-testable.
 *
 * The bookkeeping is Prisma's own `_prisma_migrations` table, so the Prisma CLI
 * (`migrate status`, `migrate deploy`) and this applier agree about what has run.
 */
import { createHash } from "node:crypto";

/** One committed migration folder: `<timestamp>_<name>/migration.sql`. */
export interface LocalMigration {
  name: string;
  sql: string;
  /** SHA-256 hex of migration.sql, the checksum Prisma records. */
  checksum: string;
}

/** One row of `_prisma_migrations`. */
export interface AppliedMigration {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
}

export interface MigrationPlan {
  /** Local migrations not yet applied, in name (timestamp) order. */
  pending: LocalMigration[];
  /** Problems that are safe to run with but worth a log line. */
  warnings: string[];
  /** Problems that must stop the start-up. */
  errors: string[];
}

/** Migration folder names: Prisma's `<14-digit timestamp>_<snake_name>`. */
export const MIGRATION_NAME_PATTERN = /^\d{14}_[a-z0-9_]+$/;

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

export function planMigrations(local: readonly LocalMigration[], applied: readonly AppliedMigration[]): MigrationPlan {
  const warnings: string[] = [];
  const errors: string[] = [];
  const localNames = new Set(local.map((m) => m.name));
  const done = new Map<string, AppliedMigration>();

  for (const row of applied) {
    if (row.rolledBack) continue;
    if (!row.finished) {
      errors.push(
        `migration ${row.name} started but never finished (a previous run failed); ` +
          `fix the database, then mark it with \`prisma migrate resolve\``,
      );
      continue;
    }
    done.set(row.name, row);
    if (!localNames.has(row.name)) {
      warnings.push(`migration ${row.name} is applied in the database but missing from the migrations folder`);
    }
  }
  for (const m of local) {
    const row = done.get(m.name);
    if (row && row.checksum !== m.checksum) {
      warnings.push(`migration ${m.name} was modified after it was applied (checksum differs)`);
    }
  }
  const pending = local.filter((m) => !done.has(m.name)).sort((a, b) => a.name.localeCompare(b.name));
  return { pending, warnings, errors };
}

import { describe, expect, it } from "vitest";
import {
  MIGRATION_NAME_PATTERN,
  migrationChecksum,
  planMigrations,
  type AppliedMigration,
  type LocalMigration,
} from "../../../server/src/db/migration-plan.js";

function local(name: string, sql = `-- ${name}`): LocalMigration {
  return { name, sql, checksum: migrationChecksum(sql) };
}
function applied(m: LocalMigration, overrides: Partial<AppliedMigration> = {}): AppliedMigration {
  return { name: m.name, checksum: m.checksum, finished: true, rolledBack: false, ...overrides };
}

const A = local("20260101000000_init");
const B = local("20260201000000_add_hints");
const C = local("20260301000000_seasons");

describe("planMigrations", () => {
  const cases: Array<{
    label: string;
    local: LocalMigration[];
    applied: AppliedMigration[];
    pending: string[];
    warnings?: RegExp[];
    errors?: RegExp[];
  }> = [
    { label: "fresh database: everything, in order", local: [C, A, B], applied: [], pending: [A.name, B.name, C.name] },
    { label: "up to date: nothing", local: [A, B], applied: [applied(A), applied(B)], pending: [] },
    { label: "one new migration", local: [A, B, C], applied: [applied(A), applied(B)], pending: [C.name] },
    {
      label: "rolled-back rows do not count as applied",
      local: [A, B],
      applied: [applied(A), applied(B, { rolledBack: true, finished: false })],
      pending: [B.name],
    },
    {
      label: "unfinished row (failed earlier run) stops the start-up",
      local: [A, B],
      applied: [applied(A), applied(B, { finished: false })],
      pending: [B.name],
      errors: [/20260201000000_add_hints started but never finished/],
    },
    {
      label: "edited after apply: warning, not re-applied",
      local: [A],
      applied: [applied(A, { checksum: migrationChecksum("something else") })],
      pending: [],
      warnings: [/20260101000000_init was modified after it was applied/],
    },
    {
      label: "applied but missing locally: warning",
      local: [A],
      applied: [applied(A), applied(B)],
      pending: [],
      warnings: [/20260201000000_add_hints is applied in the database but missing/],
    },
  ];
  it.each(cases)("$label", ({ local: l, applied: a, pending, warnings = [], errors = [] }) => {
    const plan = planMigrations(l, a);
    expect(plan.pending.map((m) => m.name)).toEqual(pending);
    expect(plan.warnings).toHaveLength(warnings.length);
    warnings.forEach((re, i) => expect(plan.warnings[i]).toMatch(re));
    expect(plan.errors).toHaveLength(errors.length);
    errors.forEach((re, i) => expect(plan.errors[i]).toMatch(re));
  });
});

describe("migrationChecksum", () => {
  it("is the SHA-256 hex Prisma records", () => {
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("MIGRATION_NAME_PATTERN", () => {
  it.each([
    ["20261121000000_init", true],
    ["20261121000000_add_game_events", true],
    ["init", false],
    ["2026_init", false],
    ["20261121000000_Init", false],
  ])("%s → %s", (name, ok) => {
    expect(MIGRATION_NAME_PATTERN.test(name)).toBe(ok);
  });
});

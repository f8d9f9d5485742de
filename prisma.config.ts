/**
 * Prisma CLI configuration, switched by DATABASE_URL: a postgres:// URL selects prisma/postgres,
 * anything else prisma/sqlite. Only the CLI reads this file (generate, migrate diff/deploy);
 * the server builds its own client in server/src/db/.
 *
 * Always export DATABASE_URL when calling the CLI: the schema's `url = env("DATABASE_URL")` must
 * resolve, or Prisma falls back to downloading native engines (offline failure).
 */
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Used only when DATABASE_URL is unset; matches the server's default location. */
const FALLBACK_DATABASE_URL = "file:./data/firedrill.db";
/** PostgreSQL type OIDs: `name` (unsupported by adapter-pg 6.19.3) and `text`. */
const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

const url = process.env.DATABASE_URL ?? FALLBACK_DATABASE_URL;
const isPg = /^postgres(ql)?:\/\//.test(url);
const dir = isPg ? "prisma/postgres" : "prisma/sqlite";

/**
 * Workaround for prisma/orm#27403: `migrate deploy` fails with "Column type 'name' could not be
 * deserialized" because adapter-pg has no mapping for OID 19. Reporting it as text fixes it.
 * Patched in the CLI process only; runtime queries never needed it.
 */
function patchPgNameType(): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const proto = pg.Client.prototype as any;
  if (proto.__firedrillNamePatched) return;
  const original = proto.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fix = (res: any) => {
    for (const field of res?.fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
    return res;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  proto.query = function (...args: any[]) {
    const callback = args[args.length - 1];
    if (typeof callback === "function") {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      args[args.length - 1] = (err: any, res: any) => callback(err, err ? res : fix(res));
    }
    const result = original.apply(this, args);
    return result && typeof result.then === "function" ? result.then(fix) : result;
  };
  proto.__firedrillNamePatched = true;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: dir, // a folder: schema.prisma + models.prisma (symlink to prisma/models.prisma)
  migrations: { path: `${dir}/migrations` },
  adapter: async () => {
    if (isPg) {
      patchPgNameType();
      // Discrete fields rather than a connectionString: with a connectionString pg ignores the
      // overridden database, so shadow databases would point at the real one (STACK.md gotcha 21).
      const u = new URL(url);
      return new PrismaPg({
        host: u.hostname,
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: decodeURIComponent(u.pathname.slice(1)),
        // pg keeps idle pool clients for 10 s by default, which held every CLI call open that long
        allowExitOnIdle: true,
      });
    }
    return new PrismaBetterSQLite3({ url });
  },
});

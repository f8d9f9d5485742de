import { isDatabaseClosed, type Database } from "./client.js";

/** How long /readyz waits for the database before calling it unready, in milliseconds. */
export const DATABASE_CHECK_TIMEOUT_MS = 2_000;

export type DatabaseCheck = { ok: true } | { ok: false; reason: string };

/** `SELECT 1` with a deadline; never throws. */
export async function checkDatabase(db: Database, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<DatabaseCheck> {
  if (isDatabaseClosed(db)) return { ok: false, reason: "connection closed" };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, deadline]);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: `${err instanceof Error ? err.message.trim().split("\n").at(-1) : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, a free loopback port, trust
 * auth, fsync off. Runs as the `postgres` OS user when we are root (initdb refuses root).
 * When PostgreSQL is missing it installs the Debian package only if allowed (root and CI=true
 * or FIREDRILL_INSTALL_PG=1); otherwise the caller gets a reason to skip with.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
/** Debian keeps server binaries per major version here. */
const DEBIAN_PG_ROOT = "/usr/lib/postgresql";
/** Generous: the first apt install downloads ~40 MB. */
const APT_TIMEOUT_MS = 300_000;

export interface ThrowawayPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url: string;
  /** URL of another database on the same cluster, created on demand. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (the cluster directory stays until dispose). */
  stopServer(): Promise<void>;
  /** Stops the server if running and deletes the cluster. */
  dispose(): Promise<void>;
}

export type StartResult = { ok: true; pg: ThrowawayPostgres } | { ok: false; reason: string };

function findBinDir(): string | undefined {
  if (existsSync(DEBIAN_PG_ROOT)) {
    const versions = readdirSync(DEBIAN_PG_ROOT)
      .filter((v) => existsSync(path.join(DEBIAN_PG_ROOT, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(DEBIAN_PG_ROOT, versions[0], "bin");
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return undefined;
}

async function installPostgres(): Promise<string | undefined> {
  const isRoot = process.getuid?.() === 0;
  const allowed = process.env.CI === "true" || process.env.FIREDRILL_INSTALL_PG === "1";
  if (!isRoot || !allowed) {
    return "PostgreSQL is not installed (install the `postgresql` package, or run as root with CI=true or FIREDRILL_INSTALL_PG=1 to let the test install it)";
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["install", "-y", "postgresql"], { env, timeout: APT_TIMEOUT_MS });
  } catch {
    try {
      await run("apt-get", ["update"], { env, timeout: APT_TIMEOUT_MS });
      await run("apt-get", ["install", "-y", "postgresql"], { env, timeout: APT_TIMEOUT_MS });
    } catch (err) {
      return `PostgreSQL is not installed and apt-get install failed: ${(err as Error).message.split("\n")[0]}`;
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function osUserIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    return undefined;
  }
}

export async function startThrowawayPostgres(): Promise<StartResult> {
  let binDir = findBinDir();
  if (!binDir) {
    const failure = await installPostgres();
    if (failure) return { ok: false, reason: failure };
    binDir = findBinDir();
    if (!binDir) return { ok: false, reason: "PostgreSQL was installed but initdb/pg_ctl were not found" };
  }

  const isRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (isRoot) {
    owner = await osUserIds("postgres");
    if (!owner) return { ok: false, reason: "running as root but there is no `postgres` OS user to run initdb as" };
  }
  // As root: run the binaries as `postgres`; otherwise as ourselves.
  const asOwner = (bin: string, args: string[]) =>
    isRoot ? run("runuser", ["-u", "postgres", "--", path.join(binDir!, bin), ...args]) : run(path.join(binDir!, bin), args);

  const dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-pg-"));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  let running = false;
  const stopServer = async () => {
    if (!running) return;
    running = false;
    await asOwner("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
  };
  try {
    await asOwner("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    await asOwner("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      path.join(dir, "server.log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      "-w",
      "start",
    ]);
    running = true;
  } catch (err) {
    await stopServer();
    await rm(dir, { recursive: true, force: true });
    return { ok: false, reason: `could not start a throwaway PostgreSQL: ${(err as Error).message.split("\n")[0]}` };
  }

  const base = `postgresql://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name: string) => {
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
    return `${base}/${name}`;
  };
  const url = await createDatabase("firedrill_test");
  return {
    ok: true,
    pg: {
      url,
      createDatabase,
      stopServer,
      dispose: async () => {
        await stopServer();
        await rm(dir, { recursive: true, force: true });
      },
    },
  };
}

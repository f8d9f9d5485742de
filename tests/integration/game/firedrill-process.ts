/**
 * Firedrill as a separate OS process (`node --import tsx server/src/main.ts`), the way `npm start` runs
 * it, so a test can SIGKILL it mid-game and start it again on the same data dir and ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { waitFor } from "../../helpers/wait.js";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
/** Booting tsx + the sim + the gateway takes a few seconds on a busy 2-core box. */
export const PROCESS_START_TIMEOUT_MS = 60_000;
/** Lines of the child's output kept for failure messages. */
const OUTPUT_TAIL_LINES = 60;

/** Free loopback TCP ports, found by binding port 0 and releasing it. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((ok, fail) => {
      const s = createServer();
      s.once("error", fail);
      s.listen(0, "127.0.0.1", () => ok(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

export interface FiredrillProcess {
  child: ChildProcess;
  url: string;
  /** The last lines the process printed (pino JSON), for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns Firedrill with `env` and resolves once /readyz answers 200. */
export async function startFiredrillProcess(env: Record<string, string>): Promise<FiredrillProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > OUTPUT_TAIL_LINES) lines.splice(0, lines.length - OUTPUT_TAIL_LINES);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
  let gone: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => (gone = e));
  const url = `http://127.0.0.1:${env.PORT}`;
  await waitFor(
    async () => {
      if (gone) throw new Error(`firedrill exited early (${JSON.stringify(gone)})`);
      return (await fetch(`${url}/readyz`)).status === 200;
    },
    () => `firedrill on ${url} to be ready; output:\n${lines.join("\n")}`,
    PROCESS_START_TIMEOUT_MS,
  );
  return { child, url, output: () => lines.join("\n"), exited };
}

/** SIGKILL: no shutdown hooks, no flush — a crash. */
export async function killHard(p: FiredrillProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await p.exited;
}

/** SIGTERM and wait (test clean-up); SIGKILL if it does not stop in time. */
export async function stopGracefully(p: FiredrillProcess | undefined, timeoutMs = 15_000): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), timeoutMs);
  await p.exited;
  clearTimeout(timer);
}

export async function api<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; body: T; text: string }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, text };
}

/**
 * Runs the real /usr/bin/kubectl against a kubeconfig, each call with a fresh HOME and KUBECACHEDIR so
 * the discovery cache is always cold (KUBECTL-PROTOCOL.md §0.10).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const KUBECTL_BIN = process.env.KUBECTL_BIN ?? "/usr/bin/kubectl";
/** A single kubectl command normally takes well under a second against the sim. */
export const KUBECTL_TIMEOUT_MS = 30_000;

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlOptions {
  kubeconfig: string;
  /** Extra environment (e.g. KUBE_EDITOR); KUBECTL_COMMAND_HEADERS stays at its default. */
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

async function freshEnv(opts: KubectlOptions): Promise<{ env: NodeJS.ProcessEnv; home: string }> {
  const home = await mkdtemp(join(tmpdir(), "kubectl-home-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    KUBECONFIG: opts.kubeconfig,
    KUBECACHEDIR: join(home, "cache"),
    ...opts.env,
  };
  return { env, home };
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return { out: () => stdout, err: () => stderr };
}

export async function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const { env, home } = await freshEnv(opts);
  try {
    return await new Promise<KubectlResult>((resolve, reject) => {
      const child = spawn(KUBECTL_BIN, args, { env, stdio: ["pipe", "pipe", "pipe"] });
      const io = collect(child);
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`kubectl ${args.join(" ")} timed out\nstdout: ${io.out()}\nstderr: ${io.err()}`));
      }, opts.timeoutMs ?? KUBECTL_TIMEOUT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ stdout: io.out(), stderr: io.err(), code: code ?? -1 });
      });
      child.stdin?.end(opts.stdin ?? "");
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export interface KubectlStream {
  /** Resolves with everything printed so far once `expected` appears on stdout. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Kills the process (if still running) and returns what it printed. */
  stop(): Promise<KubectlResult>;
  /** Resolves when kubectl exits on its own. */
  exited(): Promise<KubectlResult>;
}

/** For `get -w`, `logs -f`: a running kubectl whose output can be awaited. */
export async function kubectlStream(args: string[], opts: KubectlOptions): Promise<KubectlStream> {
  const { env, home } = await freshEnv(opts);
  const child = spawn(KUBECTL_BIN, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin?.end();
  const io = collect(child);
  const exit = new Promise<KubectlResult>((resolve) => {
    child.on("close", (code) => {
      void rm(home, { recursive: true, force: true });
      resolve({ stdout: io.out(), stderr: io.err(), code: code ?? -1 });
    });
  });
  return {
    waitFor(expected, timeoutMs = KUBECTL_TIMEOUT_MS) {
      const matches = () => (typeof expected === "string" ? io.out().includes(expected) : expected.test(io.out()));
      return new Promise<string>((resolve, reject) => {
        if (matches()) return resolve(io.out());
        const onData = () => {
          if (matches()) {
            cleanup();
            resolve(io.out());
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`kubectl ${args.join(" ")}: "${String(expected)}" did not appear\nstdout: ${io.out()}\nstderr: ${io.err()}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          if (matches()) resolve(io.out());
          else reject(new Error(`kubectl ${args.join(" ")} exited before "${String(expected)}"\nstdout: ${io.out()}\nstderr: ${io.err()}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          child.off("close", onExit);
        };
        child.stdout?.on("data", onData);
        child.on("close", onExit);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exit;
    },
    exited: () => exit,
  };
}

/**
 * Runs real kubectl for the scenario self-test: scenario solution steps and kubectl symptoms. Each call
 * gets a fresh HOME and KUBECACHEDIR (cold discovery cache, nothing leaks between calls) and no shell:
 * command lines are split like a POSIX shell would and must start with `kubectl`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitCommandLine } from "../../scenarios/command-line.js";

export const KUBECTL_BIN = process.env.KUBECTL_BIN ?? "/usr/bin/kubectl";
/** Wall-clock limit for one kubectl call; `rollout status` runs while simulated time is pumped. */
export const KUBECTL_CALL_TIMEOUT_MS = 60_000;

export interface KubectlOutput {
  args: string[];
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlRunner {
  /** Runs `kubectl <args>`. */
  run(args: readonly string[], opts?: { stdin?: string; timeoutMs?: number }): Promise<KubectlOutput>;
}

/** `"kubectl -n ns get pods"` → `["-n", "ns", "get", "pods"]`; anything but kubectl is refused. */
export function kubectlArgs(commandLine: string): string[] {
  const words = splitCommandLine(commandLine);
  if (words[0] !== "kubectl") throw new Error(`only kubectl commands may run, got: ${commandLine}`);
  if (words.length < 2) throw new Error(`kubectl needs arguments: ${commandLine}`);
  return words.slice(1);
}

export function kubectlRunner(kubeconfigPath: string, bin = KUBECTL_BIN): KubectlRunner {
  return {
    async run(args, opts = {}) {
      const home = await mkdtemp(join(tmpdir(), "fd-check-kubectl-"));
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(home, "cache") };
      try {
        return await new Promise<KubectlOutput>((resolve, reject) => {
          const child = spawn(bin, [...args], { env, stdio: ["pipe", "pipe", "pipe"] });
          let stdout = "";
          let stderr = "";
          child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
          child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
          const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? KUBECTL_CALL_TIMEOUT_MS);
          child.on("error", (err) => {
            clearTimeout(timer);
            reject(new Error(`cannot run ${bin}: ${err.message}`));
          });
          child.on("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ args: [...args], stdout, stderr: signal === "SIGKILL" ? `${stderr}\n(killed: timed out)` : stderr, code: code ?? -1 });
          });
          child.stdin.end(opts.stdin ?? "");
        });
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
  };
}

/** One line for failure messages: `kubectl get pods → exit 1: error: …`. */
export function describeKubectl(out: KubectlOutput, maxChars = 400): string {
  const text = (out.code === 0 ? out.stdout : `${out.stderr}${out.stdout}`).trim().replace(/\s+\n/g, "\n");
  const clipped = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return `kubectl ${out.args.join(" ")} → exit ${out.code}${clipped ? `: ${clipped}` : ""}`;
}

/**
 * KWOK-style golden tests for the simulated cluster: each case applies `testdata/<case>.input.yaml` (onto
 * TaskMaster or into an empty namespace) with real kubectl, the FakeClock is advanced to a fixed time,
 * and the real kubectl output of the case's commands, normalised (generated name suffixes, IPs, uids,
 * ages, timestamps), is compared with `testdata/<case>.output.txt`.
 *
 * `UPDATE_GOLDEN=1 npx vitest run --project integration tests/integration/sim/golden` rewrites the files.
 *
 * One sim per test file, one namespace per case (named after the case). All cases of a file are applied
 * first, then the clock is advanced for all of them together, then every case's commands run: the clock
 * stands still while kubectl runs, so outputs are deterministic for a given set of cases.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock, silentLogger } from "../../../../server/src/core/index.js";
import { startSimCluster, type SimCluster } from "../../../../server/src/sim/index.js";
import { kubectl, type KubectlResult } from "../../../helpers/kubectl.js";
import { catalog, gvrOf, taskmasterDocs, type Json } from "../../../helpers/kubelet-cluster.js";

export const TESTDATA = join(import.meta.dirname, "testdata");
export const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** The baseline settles for this long before the faults are applied. */
export const BASELINE_SETTLE_MS = 2 * 60_000;
/** Faults run for this long before the outputs are taken (long enough for back-offs to grow past 40 s). */
export const FAULT_RUN_MS = 5 * 60_000;
/** The FakeClock is advanced in steps of this size, so timers fire in simulated-time order. */
const STEP_MS = 1_000;
/** Seeds generated names and kubelet jitter: the same cases give the same output on every run. */
const SEED = "golden";
/** kubectl prints dates in the local zone; pin it. */
const KUBECTL_ENV = { TZ: "UTC" };

export interface GoldenCase {
  /** File stem in testdata/ and the namespace the case runs in. */
  name: string;
  /** What the case shows, first line of the golden file. */
  title: string;
  /** Apply TaskMaster (via the store) before the fault. */
  taskmaster: boolean;
  /**
   * kubectl commands after the fault has run (each gets `-n <ns>` appended). `@pod:<selector>` becomes the
   * newest pod matching the label selector (the one the fault hit); `$NS` becomes the namespace.
   */
  commands: string[][];
}

/** A seeded sim on a FakeClock behind its HTTPS API, and real kubectl as the admin. */
interface GoldenSim {
  cluster: SimCluster;
  kubectl(args: string[]): Promise<KubectlResult>;
  stop(): Promise<void>;
}

async function startGoldenSim(clock: FakeClock): Promise<GoldenSim> {
  const dir = await mkdtemp(join(tmpdir(), "firedrill-golden-"));
  const cluster = await startSimCluster({ clock, dataDir: join(dir, "data"), logger: silentLogger(), catalog: catalog(), seed: SEED });
  const kubeconfig = join(dir, "admin.kubeconfig");
  await cluster.writeAdminKubeconfig(kubeconfig);
  return {
    cluster,
    kubectl: (args) => kubectl(args, { kubeconfig, env: KUBECTL_ENV }),
    async stop() {
      await cluster.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface GoldenRun {
  sim: GoldenSim;
  /** The normalised golden text of one case. */
  output(c: GoldenCase): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a sim on a FakeClock, applies every case and advances the clock; outputs are then taken per case. */
export async function startGoldenRun(cases: GoldenCase[]): Promise<GoldenRun> {
  const clock = new FakeClock();
  const sim = await startGoldenSim(clock);
  const { store } = sim.cluster;
  const applied = new Map<string, string>();
  for (const c of cases) {
    store.create(gvrOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: c.name } });
    if (c.taskmaster) for (const doc of taskmasterDocs()) store.create(gvrOf(doc.kind), { ...doc, metadata: { ...doc.metadata, namespace: c.name } });
  }
  await advance(clock, BASELINE_SETTLE_MS);
  for (const c of cases) {
    const r = await sim.kubectl(["apply", "-f", join(TESTDATA, `${c.name}.input.yaml`), "-n", c.name]);
    applied.set(c.name, render(`kubectl apply -f ${c.name}.input.yaml -n ${c.name}`, r.stdout, r.stderr, r.code));
  }
  await advance(clock, FAULT_RUN_MS);
  return {
    sim,
    async output(c) {
      const parts = [`# ${c.name}: ${c.title}`, applied.get(c.name)!];
      for (const cmd of c.commands) {
        const args = [...cmd.map((a) => resolveArg(sim, c.name, a)), "-n", c.name];
        const r = await sim.kubectl(args);
        parts.push(render(`kubectl ${[...cmd, "-n", c.name].join(" ").replaceAll("$NS", c.name)}`, r.stdout, r.stderr, r.code));
      }
      return normalise(parts.join("\n"));
    },
    stop: () => sim.stop(),
  };
}

async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += STEP_MS) await clock.advanceAsync(STEP_MS);
}

function resolveArg(sim: GoldenSim, ns: string, arg: string): string {
  if (!arg.startsWith("@pod:")) return arg.replaceAll("$NS", ns);
  const pods: Json[] = sim.cluster.store.list(gvrOf("Pod"), { namespace: ns, labelSelector: arg.slice("@pod:".length) }).items;
  const newest = pods
    .filter((p) => !p.metadata.deletionTimestamp)
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp) || String(a.metadata.name).localeCompare(b.metadata.name))
    .at(-1);
  if (!newest) throw new Error(`golden ${ns}: no pod matches ${arg}`);
  return newest.metadata.name;
}

function render(command: string, stdout: string, stderr: string, code: number): string {
  const lines = [`$ ${command}`];
  if (stdout) lines.push(stdout.replace(/\n$/, ""));
  if (stderr) lines.push(...stderr.replace(/\n$/, "").split("\n").map((l) => `[stderr] ${l}`));
  if (code !== 0) lines.push(`[exit ${code}]`);
  return lines.join("\n") + "\n";
}

/** The alphabet of generated name suffixes and template hashes (no vowels, so words never match). */
const GEN = "[bcdfghjklmnpqrstvwxz2456789]";
/** End of a generated name: not followed by a name character (`pod_ns(uid)` has `_` right after). */
const END = "(?![a-z0-9])";

/** Replaces what differs between runs or with the set of cases: suffixes, IPs, uids, ages, times. */
export function normalise(text: string): string {
  return realignTables(text.split("\n")).join("\n");
}

function normaliseText(text: string): string {
  return text
    .replace(new RegExp(`\\b([a-z][a-z0-9-]*?)-${GEN}{6,10}-${GEN}{5}${END}`, "g"), "$1-<hash>-<id>")
    .replace(new RegExp(`\\b(frontend|backend|postgres|web|api)-${GEN}{6,10}${END}`, "g"), "$1-<hash>")
    .replace(new RegExp(`\\bkube-api-access-${GEN}{5}\\b`, "g"), "kube-api-access-<id>")
    .replace(/\bpod-template-hash=[a-z0-9]+/g, "pod-template-hash=<hash>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uid>")
    .replace(/\b10\.244\.\d+\.\d+\b/g, "<pod-ip>")
    .replace(/\b10\.96\.\d+\.\d+\b/g, "<cluster-ip>")
    .replace(/containerd:\/\/[0-9a-f]{64}/g, "containerd://<id>")
    .replace(/sha256:[0-9a-f]{64}/g, "sha256:<digest>")
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g, "<time>")
    .replace(/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC\b/g, "<time>")
    .replace(/\b\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\b/g, "<time>")
    .replace(/\b\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\b/g, "<time>")
    .replace(/\b[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000\b/g, "<time>")
    .replace(/\((\d+(\.\d+)?(ms|s|m|h|d|y))+ ago\)/g, "(<age> ago)")
    .replace(/ over (\d+(\.\d+)?(ms|s|m|h|d|y))+\)/g, " over <age>)");
}

/** `kubectl get` pads table cells with 3 spaces, `kubectl describe` with 2. */
const GET_PADDING = 3;
const DESCRIBE_PADDING = 2;
const AGE_COLUMNS = /^(AGE|LAST SEEN|FIRST SEEN|Age)$/;

interface Header {
  indent: number;
  /** Column names and where each starts in the raw line (tabwriter aligns every row to these). */
  cols: { name: string; at: number }[];
  pad: number;
}

/**
 * kubectl tables are tabwriter output. Cells are cut at the raw header's column offsets (so empty cells
 * survive), normalised one by one, age columns become `<age>`, and the table is padded again, so the golden
 * files stay aligned and readable. Every other line is normalised as text.
 */
function realignTables(lines: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = tableHeader(lines[i]!);
    if (!header) {
      out.push(normaliseText(lines[i]!));
      i++;
      continue;
    }
    const { cols, pad, indent } = header;
    const rows: string[][] = [cols.map((c) => c.name)];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() === "" || line.startsWith("$ ") || line.startsWith("[") || tableHeader(line)) break;
      // a row belongs to the table only if each column boundary falls on a space
      if (!cols.slice(1).every((c) => line.length <= c.at || line[c.at - 1] === " ")) break;
      rows.push(cols.map((c, k) => line.slice(c.at, k + 1 < cols.length ? cols[k + 1]!.at : undefined).trim()));
    }
    const ageCols = cols.map((c, k) => (AGE_COLUMNS.test(c.name) ? k : -1)).filter((k) => k >= 0);
    for (const r of rows.slice(1)) {
      for (let k = 0; k < r.length; k++) {
        r[k] = normaliseText(r[k]!);
        if (ageCols.includes(k)) r[k] = r[k]!.replace(/^(\d+(\.\d+)?(ms|s|m|h|d|y))+|^<unknown>|^<invalid>/, "<age>");
      }
    }
    const widths = cols.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
    for (const r of rows) out.push(" ".repeat(indent) + r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]! + pad))).join("").trimEnd());
    i = j;
  }
  return out;
}

function tableHeader(line: string): Header | undefined {
  const indent = /^ */.exec(line)![0].length;
  const cellsOf = (re: RegExp) => [...line.slice(indent).matchAll(re)].map((m) => ({ name: m[0], at: indent + m.index }));
  const get = cellsOf(/\S+(?: {1,2}\S+)*/g);
  if (get.length >= 2 && get.every((c) => /^[A-Z][A-Z0-9-]*( [A-Z0-9-]+)*(\(S\))?$/.test(c.name))) return { indent, cols: get, pad: GET_PADDING };
  const described = cellsOf(/\S+(?: \S+)*/g);
  if (described.map((c) => c.name).join(" ") === "Type Reason Age From Message") return { indent, cols: described, pad: DESCRIBE_PADDING };
  return undefined;
}

/** Compares with (or, under UPDATE_GOLDEN=1, writes) `testdata/<name>.output.txt`; returns the expected text. */
export function golden(name: string, actual: string): string {
  const file = join(TESTDATA, `${name}.output.txt`);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(file, actual);
    return actual;
  }
  return readFileSync(file, "utf8");
}

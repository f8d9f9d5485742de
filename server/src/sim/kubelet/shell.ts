/**
 * A small simulated shell for `kubectl exec`, exec probes and container `command:` overrides. It runs
 * what troubleshooting needs (env, cat/ls of mounted files, nslookup, wget/curl through the
 * reachability model, ps, pg_isready…) with busybox/curl wording, and is honest about the rest:
 * `sh: foo: not found` (exit 127) for what the image lacks, a clear "not simulated" for the others.
 */
import type { HttpAnswer } from "./app-model.js";
import type { FailureKind } from "./network.js";

export interface HttpFetchResult {
  ok: boolean;
  /** Set when the TCP connection failed, or (`not-http`) the server closed it without an HTTP answer. */
  failure?: { kind: FailureKind | "not-http"; ip?: string; detail: string };
  ip?: string;
  answer?: HttpAnswer;
}

export interface ShellContext {
  binaries: string[];
  env: Record<string, string>;
  /** path → content; directories end in "/". */
  files: Map<string, string>;
  hostname: string;
  workingDir: string;
  /** `ps` rows: [user, command] for PID 1 and the others. */
  processes: { pid: number; user: string; command: string }[];
  resolve(host: string): { kind: "ok"; name: string; ips: string[] } | { kind: "nxdomain"; name: string } | { kind: "dns-timeout" };
  httpGet(url: string, method: string): HttpFetchResult;
  tcpConnect(host: string, port: number): { ok: boolean; ip?: string; kind?: FailureKind };
  /** pg_isready against the local postgres (undefined when not a postgres image). */
  postgresAccepting?(): boolean;
  now: number;
  stdin?: string;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Simulated time the command would keep running (`sleep`, loops); Infinity for "forever". */
  runsForMs: number;
  /**
   * Set when the script waits in a loop on a condition (`until nslookup db; do sleep 2; done`) that
   * fails now: run the whole script again after this many ms (the world may have changed).
   */
  pollMs?: number;
}

/** A waiting loop without a `sleep` in its body re-checks this often. */
export const LOOP_DEFAULT_POLL_MS = 1_000;

/** Exit codes of the shells and tools we imitate. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_NOT_EXECUTABLE = 126;

const SHELLS = new Set(["sh", "ash", "bash", "/bin/sh", "/bin/ash", "/bin/bash", "/bin/busybox", "busybox"]);
const DNS_SERVER = "10.96.0.10";

interface Out {
  stdout: string;
  stderr: string;
  code: number;
  runsForMs: number;
  pollMs?: number;
}

function ok(stdout = ""): Out {
  return { stdout, stderr: "", code: 0, runsForMs: 0 };
}
function err(stderr: string, code = 1, stdout = ""): Out {
  return { stdout, stderr: stderr.endsWith("\n") || !stderr ? stderr : `${stderr}\n`, code, runsForMs: 0 };
}

/** Splits a command line into words, honouring quotes and expanding $VAR / ${VAR} (not in single quotes). */
export function tokenize(line: string, env: Record<string, string>, lastCode = 0): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let i = 0;
  const expand = (): string => {
    // at a '$'
    const rest = line.slice(i + 1);
    const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}|^([A-Za-z_][A-Za-z0-9_]*)|^(\?)/.exec(rest);
    if (!m) {
      i++;
      return "$";
    }
    i += 1 + m[0].length;
    if (m[3]) return String(lastCode);
    return env[m[1] ?? m[2]!] ?? "";
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? line.length : end + 1;
      inWord = true;
    } else if (ch === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length) {
          cur += line[i + 1];
          i += 2;
        } else if (line[i] === "$") cur += expand();
        else cur += line[i++];
      }
      i++;
      inWord = true;
    } else if (ch === "$") {
      cur += expand();
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      cur += line[i + 1];
      i += 2;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
      i++;
    } else {
      cur += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Splits a script at top-level `;`, `&&`, `||`, newlines (not inside quotes). */
function splitList(script: string): { cmd: string; op: ";" | "&&" | "||" }[] {
  const out: { cmd: string; op: ";" | "&&" | "||" }[] = [];
  let cur = "";
  let quote = "";
  let op: ";" | "&&" | "||" = ";";
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === "&&" || two === "||" || ch === ";" || ch === "\n") {
      if (cur.trim()) out.push({ cmd: cur.trim(), op });
      op = two === "&&" ? "&&" : two === "||" ? "||" : ";";
      cur = "";
      if (two === "&&" || two === "||") i++;
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push({ cmd: cur.trim(), op });
  return out;
}

function splitPipes(cmd: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote = "";
  for (const ch of cmd) {
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "|") {
      parts.push(cur.trim());
      cur = "";
      continue;
    }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

function basename(p: string): string {
  return p.split("/").pop() ?? p;
}

/** Fixed files every container has, as on a real node. */
export function standardFiles(ctx: { namespace: string; hostname: string; podIp: string }): Map<string, string> {
  return new Map([
    ["/etc/", ""],
    [
      "/etc/resolv.conf",
      `search ${ctx.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${DNS_SERVER}\noptions ndots:5\n`,
    ],
    [
      "/etc/hosts",
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ctx.podIp}\t${ctx.hostname}\n`,
    ],
    ["/etc/hostname", `${ctx.hostname}\n`],
    ["/tmp/", ""],
    ["/dev/null", ""],
  ]);
}

function listDir(files: Map<string, string>, path: string, long: boolean, all: boolean): Out {
  const dir = path.replace(/\/+$/, "") || "/";
  if (files.has(dir) && !files.has(`${dir}/`)) return ok(`${long ? `-rw-r--r--    1 root     root  ${String(files.get(dir)!.length).padStart(8)} ${"Jan  1 00:00"} ` : ""}${dir}\n`);
  const prefix = dir === "/" ? "/" : `${dir}/`;
  const names = new Set<string>();
  for (const p of files.keys()) {
    if (!p.startsWith(prefix) || p === prefix) continue;
    const rest = p.slice(prefix.length);
    const first = rest.split("/")[0]!;
    if (first) names.add(rest.includes("/") ? `${first}/` : first);
  }
  if (names.size === 0 && !files.has(prefix)) return err(`ls: ${path}: No such file or directory`, 1);
  const sorted = [...names].sort();
  if (!long) return ok(sorted.map((n) => n.replace(/\/$/, "")).join("\n") + (sorted.length ? "\n" : ""));
  const rows = (all ? ["./", "../", ...sorted] : sorted).map((n) => {
    const isDir = n.endsWith("/");
    const size = isDir ? 4096 : (files.get(prefix + n)?.length ?? 0);
    return `${isDir ? "drwxr-xr-x" : "-rw-r--r--"}    ${isDir ? 2 : 1} root     root     ${String(size).padStart(8)} Jan  1 00:00 ${n.replace(/\/$/, "")}`;
  });
  return ok(`total ${rows.length * 4}\n${rows.join("\n")}\n`);
}

function statusText(code: number): string {
  const texts: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out" };
  return texts[code] ?? "";
}

function urlParts(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?(\/[^#]*)?$/i.exec(url);
  if (!m) return undefined;
  return { host: m[2]!, port: m[3] ? Number(m[3]) : m[1]?.toLowerCase() === "https" ? 443 : 80, path: m[4] ?? "/" };
}

function wget(args: string[], ctx: ShellContext): Out {
  let quiet = false;
  let toStdout = false;
  let spider = false;
  let url = "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-q") quiet = true;
    else if (a === "-qO-" || a === "-qO" || a === "-O-") {
      quiet = quiet || a.startsWith("-q");
      toStdout = true;
      if (a === "-qO" && args[i + 1] === "-") i++;
    } else if (a === "-O") {
      toStdout = args[i + 1] === "-";
      i++;
    } else if (a === "--spider") spider = true;
    else if (a === "-T" || a === "--timeout" || a === "-U" || a === "--header") i++;
    else if (a.startsWith("-")) continue;
    else url = a;
  }
  if (!url) return err("BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] URL...", 1);
  const parts = urlParts(url);
  if (!parts) return err(`wget: bad address '${url}'`, 1);
  const res = ctx.httpGet(/^https?:\/\//.test(url) ? url : `http://${url}`, "GET");
  const hostPort = `${parts.host}:${parts.port}`;
  if (res.failure) {
    if (res.failure.kind === "nxdomain" || res.failure.kind === "dns-timeout") return err(`wget: bad address '${hostPort}'`, 1);
    const connecting = quiet ? "" : `Connecting to ${hostPort} (${res.failure.ip}:${parts.port})\n`;
    if (res.failure.kind === "refused") return err(`${connecting}wget: can't connect to remote host (${res.failure.ip}): Connection refused`, 1);
    if (res.failure.kind === "not-http") return err(`${connecting}wget: error getting response: Connection reset by peer`, 1);
    return err(`${connecting}wget: download timed out`, 1);
  }
  const answer = res.answer!;
  const connecting = quiet ? "" : `Connecting to ${hostPort} (${res.ip}:${parts.port})\n`;
  if (answer.status >= 400) return err(`${connecting}wget: server returned error: HTTP/1.1 ${answer.status} ${statusText(answer.status)}`, 1);
  if (spider) return { stdout: "", stderr: quiet ? "" : `${connecting}remote file exists\n`, code: 0, runsForMs: 0 };
  if (toStdout) return { stdout: answer.body, stderr: quiet ? "" : `${connecting}writing to stdout\n-                    100% |********************************|  ${answer.body.length}  0:00:00 ETA\nwritten to stdout\n`, code: 0, runsForMs: 0 };
  return { stdout: "", stderr: quiet ? "" : `${connecting}saving to 'index.html'\nindex.html           100% |********************************|  ${answer.body.length}  0:00:00 ETA\n'index.html' saved\n`, code: 0, runsForMs: 0 };
}

function curl(args: string[], ctx: ShellContext): Out {
  let silent = false;
  let showError = false;
  let fail = false;
  let include = false;
  let head = false;
  let verbose = false;
  let discard = false;
  let writeOut = "";
  let method = "GET";
  let maxTime: number | undefined;
  let url = "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-o") {
      discard = args[i + 1] === "/dev/null";
      i++;
    } else if (a === "-w" || a === "--write-out") writeOut = args[++i] ?? "";
    else if (a === "-X" || a === "--request") method = args[++i] ?? "GET";
    else if (a === "-m" || a === "--max-time" || a === "--connect-timeout") maxTime = Number(args[++i]);
    else if (a === "-H" || a === "--header" || a === "-d" || a === "--data" || a === "-u") i++;
    else if (a === "-I" || a === "--head") head = true;
    else if (a === "-v" || a === "--verbose") verbose = true;
    else if (a === "--fail" || a === "-f") fail = true;
    else if (a === "-i" || a === "--include") include = true;
    else if (a === "--silent") silent = true;
    else if (a === "--show-error") showError = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      if (a.includes("s")) silent = true;
      if (a.includes("S")) showError = true;
      if (a.includes("f")) fail = true;
      if (a.includes("i")) include = true;
      if (a.includes("I")) head = true;
      if (a.includes("v")) verbose = true;
      if (a.includes("L")) continue;
    } else if (!a.startsWith("-")) url = a;
  }
  if (!url) return err("curl: try 'curl --help' or 'curl --manual' for more information", 2);
  const parts = urlParts(url);
  if (!parts) return err(`curl: (3) URL rejected: Malformed input to a URL function`, 3);
  const quietErr = silent && !showError;
  const res = ctx.httpGet(/^https?:\/\//.test(url) ? url : `http://${url}`, head ? "HEAD" : method);
  const w = (code: number) => writeOut.replace(/%\{http_code\}/g, String(code).padStart(3, "0")).replace(/\\n/g, "\n");
  if (res.failure) {
    const f = res.failure;
    let code: number;
    let msg: string;
    if (f.kind === "nxdomain" || f.kind === "dns-timeout") {
      code = 6;
      msg = `curl: (6) Could not resolve host: ${parts.host}`;
    } else if (f.kind === "not-http") {
      code = 52;
      msg = "curl: (52) Empty reply from server";
    } else if (f.kind === "refused") {
      code = 7;
      msg = `curl: (7) Failed to connect to ${parts.host} port ${parts.port} after 2 ms: Couldn't connect to server`;
    } else {
      code = 28;
      msg = maxTime ? `curl: (28) Connection timed out after ${Math.round(maxTime * 1000)} milliseconds` : `curl: (28) Failed to connect to ${parts.host} port ${parts.port} after 134005 ms: Couldn't connect to server`;
    }
    return { stdout: w(0), stderr: quietErr ? "" : `${msg}\n`, code, runsForMs: 0 };
  }
  const a = res.answer!;
  const headers = `HTTP/1.1 ${a.status} ${statusText(a.status)}\r\nContent-Type: ${a.contentType}\r\nContent-Length: ${Buffer.byteLength(a.body)}\r\n\r\n`;
  if (fail && a.status >= 400) {
    return { stdout: w(a.status), stderr: quietErr ? "" : `curl: (22) The requested URL returned error: ${a.status}\n`, code: 22, runsForMs: 0 };
  }
  let stdout = head ? headers : `${include ? headers : ""}${discard ? "" : a.body}`;
  stdout += w(a.status);
  const stderr = verbose ? `*   Trying ${res.ip}:${parts.port}...\n* Connected to ${parts.host} (${res.ip}) port ${parts.port}\n> ${method} ${parts.path} HTTP/1.1\n> Host: ${parts.host}:${parts.port}\n>\n< HTTP/1.1 ${a.status} ${statusText(a.status)}\n<\n` : "";
  return { stdout, stderr, code: 0, runsForMs: 0 };
}

function nslookup(args: string[], ctx: ShellContext): Out {
  const host = args.find((a) => !a.startsWith("-"));
  if (!host) return err("BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]", 1);
  const header = `Server:\t\t${DNS_SERVER}\nAddress:\t${DNS_SERVER}:53\n\n`;
  const r = ctx.resolve(host);
  if (r.kind === "dns-timeout") return err(";; connection timed out; no servers could be reached\n", 1, "");
  if (r.kind === "nxdomain") return err("", 1, `${header}** server can't find ${r.name}: NXDOMAIN\n\n`);
  return ok(`${header}${r.ips.map((ip) => `Name:\t${r.name}\nAddress: ${ip}\n`).join("")}\n`);
}

function ps(ctx: ShellContext): Out {
  const rows = [...ctx.processes, { pid: Math.max(...ctx.processes.map((p) => p.pid), 1) + 7, user: "root", command: "ps" }];
  return ok(`PID   USER     TIME  COMMAND\n${rows.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.command}`).join("\n")}\n`);
}

function pgIsReady(args: string[], ctx: ShellContext): Out {
  let host: string | undefined;
  let port = 5432;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-h" || args[i] === "--host") host = args[++i];
    else if (args[i] === "-p" || args[i] === "--port") port = Number(args[++i]);
    else if (args[i]!.startsWith("-")) i += ["-U", "-d", "-t", "--username", "--dbname", "--timeout"].includes(args[i]!) ? 1 : 0;
  }
  if (!host) {
    const where = `/var/run/postgresql:${port}`;
    return ctx.postgresAccepting?.() ? ok(`${where} - accepting connections\n`) : { stdout: `${where} - no response\n`, stderr: "", code: 2, runsForMs: 0 };
  }
  const c = ctx.tcpConnect(host, port);
  if (c.ok) return ok(`${host}:${port} - accepting connections\n`);
  return { stdout: `${host}:${port} - no response\n`, stderr: "", code: 2, runsForMs: 0 };
}

function simple(words: string[], ctx: ShellContext, stdin: string, shellName: string, lastCode: number): Out {
  const [cmd, ...args] = words;
  if (!cmd) return ok();
  const name = basename(cmd);
  // shell builtins exist in every shell
  switch (name) {
    case "echo": {
      const noNl = args[0] === "-n";
      const text = (noNl ? args.slice(1) : args).join(" ");
      return ok(noNl ? text : `${text}\n`);
    }
    case "exit":
      return { stdout: "", stderr: "", code: Number(args[0] ?? lastCode) & 255, runsForMs: 0 };
    case "true":
    case ":":
      return ok();
    case "false":
      return { stdout: "", stderr: "", code: 1, runsForMs: 0 };
    case "pwd":
      return ok(`${ctx.workingDir}\n`);
    case "cd":
    case "export":
    case "set":
      return ok();
    case "exec":
      return simple(args, ctx, stdin, shellName, lastCode);
  }
  const inImage = ctx.binaries.some((b) => b === cmd || basename(b) === name);
  if (!inImage) return err(shellName === "bash" ? `bash: ${cmd}: command not found` : `${shellName}: ${cmd}: not found`, EXIT_NOT_FOUND);
  switch (name) {
    case "env":
      if (args.length === 0) return ok(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
      return simple(args.filter((a) => !a.includes("=")), ctx, stdin, shellName, lastCode);
    case "printenv":
      if (args.length === 0) return ok(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
      return args.every((a) => a in ctx.env) ? ok(args.map((a) => `${ctx.env[a]}\n`).join("")) : { stdout: args.filter((a) => a in ctx.env).map((a) => `${ctx.env[a]}\n`).join(""), stderr: "", code: 1, runsForMs: 0 };
    case "cat": {
      const paths = args.filter((a) => !a.startsWith("-"));
      if (paths.length === 0) return ok(stdin);
      let stdout = "";
      for (const p of paths) {
        const full = p.startsWith("/") ? p : `${ctx.workingDir.replace(/\/$/, "")}/${p}`;
        if (ctx.files.has(`${full.replace(/\/$/, "")}/`)) return err(`cat: read error: Is a directory`, 1, stdout);
        const content = ctx.files.get(full);
        if (content === undefined) return err(`cat: can't open '${p}': No such file or directory`, 1, stdout);
        stdout += content;
      }
      return ok(stdout);
    }
    case "ls": {
      const flags = args.filter((a) => a.startsWith("-")).join("");
      const paths = args.filter((a) => !a.startsWith("-"));
      const targets = paths.length ? paths : [ctx.workingDir];
      let stdout = "";
      let stderr = "";
      let code = 0;
      for (const p of targets) {
        const r = listDir(ctx.files, p.startsWith("/") ? p : `${ctx.workingDir.replace(/\/$/, "")}/${p}`, flags.includes("l"), flags.includes("a"));
        stdout += targets.length > 1 && r.code === 0 ? `${p}:\n${r.stdout}\n` : r.stdout;
        stderr += r.stderr;
        code = code || r.code;
      }
      return { stdout, stderr, code, runsForMs: 0 };
    }
    case "hostname":
      return ok(`${ctx.hostname}\n`);
    case "whoami":
      return ok("root\n");
    case "id":
      return ok("uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n");
    case "date":
      return ok(`${new Date(ctx.now).toUTCString().replace("GMT", "UTC")}\n`);
    case "uname":
      return ok(args.includes("-a") ? `Linux ${ctx.hostname} 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 x86_64 Linux\n` : "Linux\n");
    case "sleep": {
      const a = args[0] ?? "";
      if (a === "infinity" || a === "inf") return { stdout: "", stderr: "", code: 0, runsForMs: Infinity };
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
      if (!m) return err(`sleep: invalid number '${a}'`, 1);
      const mult = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
      return { stdout: "", stderr: "", code: 0, runsForMs: Number(m[1]) * mult };
    }
    case "tail":
      if (args.includes("-f")) return { stdout: "", stderr: "", code: 0, runsForMs: Infinity };
      return ok(stdin.split("\n").slice(-11).join("\n"));
    case "head": {
      const n = Number(args[args.indexOf("-n") + 1] ?? 10) || 10;
      const lines = stdin.split("\n").slice(0, n);
      return ok(lines.join("\n") + (lines.length && !lines[lines.length - 1] ? "" : "\n"));
    }
    case "grep": {
      const pattern = args.filter((a) => !a.startsWith("-"))[0] ?? "";
      const invert = args.includes("-v");
      const ci = args.includes("-i");
      const hits = stdin.split("\n").filter((l) => l && (ci ? l.toLowerCase().includes(pattern.toLowerCase()) : l.includes(pattern)) !== invert);
      return hits.length ? ok(hits.join("\n") + "\n") : { stdout: "", stderr: "", code: 1, runsForMs: 0 };
    }
    case "wc":
      return ok(args.includes("-l") ? `${stdin.split("\n").length - (stdin.endsWith("\n") ? 1 : 0)}\n` : `${stdin.length}\n`);
    case "which":
      return args.every((a) => ctx.binaries.includes(a)) ? ok(args.map((a) => `/usr/bin/${a}\n`).join("")) : { stdout: "", stderr: "", code: 1, runsForMs: 0 };
    case "nslookup":
      return nslookup(args, ctx);
    case "getent": {
      if (args[0] !== "hosts" || !args[1]) return err("Usage: getent [hosts] NAME", 1);
      const r = ctx.resolve(args[1]);
      return r.kind === "ok" ? ok(r.ips.map((ip) => `${ip.padEnd(15)} ${r.name}\n`).join("")) : { stdout: "", stderr: "", code: 2, runsForMs: 0 };
    }
    case "wget":
      return wget(args, ctx);
    case "curl":
      return curl(args, ctx);
    case "nc": {
      const rest = args.filter((a) => !a.startsWith("-"));
      const w = args.indexOf("-w");
      const positional = w >= 0 ? rest.filter((a) => a !== args[w + 1]) : rest;
      const [host, port] = positional;
      if (!host || !port) return err("BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect", 1);
      const c = ctx.tcpConnect(host, Number(port));
      const verbose = args.some((a) => /^-[a-z]*v/.test(a));
      if (c.ok) return { stdout: "", stderr: verbose ? `${host} (${c.ip}:${port}) open\n` : "", code: 0, runsForMs: 0 };
      if (c.kind === "nxdomain" || c.kind === "dns-timeout") return err(`nc: bad address '${host}'`, 1);
      return err(verbose ? `nc: ${host} (${c.ip}:${port}): ${c.kind === "refused" ? "Connection refused" : "Operation timed out"}` : "", 1);
    }
    case "ps":
      return ps(ctx);
    case "pg_isready":
      return pgIsReady(args, ctx);
    case "sh":
    case "ash":
    case "bash":
    case "busybox": {
      if (name === "busybox" && args.length) return simple(args, ctx, stdin, shellName, lastCode);
      const c = args.indexOf("-c");
      if (c >= 0) return runScript(args[c + 1] ?? "", ctx, name === "bash" ? "bash" : "sh");
      return runScript(stdin, ctx, name === "bash" ? "bash" : "sh");
    }
    default:
      return err(`firedrill: "${cmd}" exists in this image but is not simulated; try env, cat, ls, nslookup, wget or curl`, EXIT_NOT_EXECUTABLE);
  }
}

function stripRedirections(words: string[]): { words: string[]; dropStdout: boolean; dropStderr: boolean; mergeErr: boolean } {
  const out: string[] = [];
  let dropStdout = false;
  let dropStderr = false;
  let mergeErr = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "2>&1") mergeErr = true;
    else if (w === ">" || w === "1>" || w === ">>") {
      dropStdout = true;
      i++;
    } else if (w === "2>") {
      dropStderr = true;
      i++;
    } else if (/^(1?>>?)\S+$/.test(w)) dropStdout = true;
    else if (/^2>\S+$/.test(w)) dropStderr = true;
    else out.push(w);
  }
  return { words: out, dropStdout, dropStderr, mergeErr };
}

/** Runs a shell script (`sh -c`): lists, pipes, `while true` loops (run once, then "forever"). */
export function runScript(script: string, ctx: ShellContext, shellName = "sh"): Out {
  const loop = /\b(until|while)\s+([\s\S]*?);?\s*do\b([\s\S]*?)\bdone\s*;?/.exec(script);
  if (loop) return runLoop(script, loop, ctx, shellName);
  return runList(script, ctx, shellName);
}

/** The part before a loop, the loop (once), then, if it ends, the rest. */
function runLoop(script: string, m: RegExpExecArray, ctx: ShellContext, shellName: string): Out {
  const before = runList(script.slice(0, m.index).replace(/[;&|\s]+$/, ""), ctx, shellName);
  const [, keyword, rawCond, body] = m as unknown as [string, string, string, string];
  let cond = rawCond.trim();
  let negate = keyword === "until";
  if (cond.startsWith("!")) {
    negate = !negate;
    cond = cond.slice(1).trim();
  }
  const forever = !negate && /^(true|:)$/.test(cond);
  const condResult = forever ? ok() : runList(cond, ctx, shellName);
  const loops = forever || (condResult.code === 0) !== negate;
  if (!loops) {
    const after = runScript(script.slice(m.index + m[0].length), ctx, shellName);
    return { ...after, stdout: before.stdout + condResult.stdout + after.stdout, stderr: before.stderr + condResult.stderr + after.stderr };
  }
  const once = runList(body, ctx, shellName);
  const out = { stdout: before.stdout + condResult.stdout + once.stdout, stderr: before.stderr + condResult.stderr + once.stderr, code: 0 };
  if (forever) return { ...out, runsForMs: Infinity };
  return { ...out, runsForMs: 0, pollMs: Number.isFinite(once.runsForMs) && once.runsForMs > 0 ? once.runsForMs : LOOP_DEFAULT_POLL_MS };
}

function runList(script: string, ctx: ShellContext, shellName: string): Out {
  let stdout = "";
  let stderr = "";
  let code = 0;
  let runsForMs = 0;
  for (const { cmd, op } of splitList(script)) {
    if ((op === "&&" && code !== 0) || (op === "||" && code === 0)) continue;
    let input = ctx.stdin ?? "";
    let r: Out = ok();
    for (const stage of splitPipes(cmd)) {
      const red = stripRedirections(tokenize(stage, ctx.env, code));
      r = simple(red.words, ctx, input, shellName, code);
      if (red.mergeErr) r = { ...r, stdout: r.stdout + r.stderr, stderr: "" };
      if (red.dropStdout) r = { ...r, stdout: "" };
      if (red.dropStderr) r = { ...r, stderr: "" };
      input = r.stdout;
    }
    stdout += r.stdout;
    stderr += r.stderr;
    code = r.code;
    runsForMs += r.runsForMs;
    if (/^\s*exit\b/.test(cmd)) break;
  }
  return { stdout, stderr, code, runsForMs };
}

export type ExecOutcome = ShellResult | { notFound: string };

/**
 * Runs argv as the container runtime would: the executable must exist in the image (else the OCI
 * "executable file not found" error), shells interpret their script, tools run directly.
 */
export function execArgv(argv: string[], ctx: ShellContext): ExecOutcome {
  const [cmd] = argv;
  if (!cmd) return { notFound: "" };
  const inImage = ctx.binaries.some((b) => b === cmd || basename(b) === basename(cmd)) || ["echo", "true", "false"].includes(basename(cmd)) && ctx.binaries.includes("sh");
  if (!inImage) return { notFound: cmd };
  const r = SHELLS.has(cmd) && argv.length === 1 ? runScript(ctx.stdin ?? "", ctx, basename(cmd) === "bash" ? "bash" : "sh") : simple(argv, ctx, ctx.stdin ?? "", "sh", 0);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.code, runsForMs: r.runsForMs, pollMs: r.pollMs };
}

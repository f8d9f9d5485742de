/**
 * Environment configuration, validated once at start-up. Every problem is reported at once,
 * naming the variable and the value it had, so an operator fixes them in one pass.
 */
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./core/errors.js";

/** HTTP + Colyseus websocket port (TCP). Colyseus' customary port. */
export const DEFAULT_PORT = 2567;
/** kubectl gateway port (TCP, HTTPS). The conventional kube-apiserver port. */
export const DEFAULT_GATEWAY_PORT = 6443;
/** Simulated API server port (TCP, loopback only); 0 = an ephemeral port chosen at start. */
export const DEFAULT_SIM_PORT = 0;
/** Bind address for the HTTP and gateway listeners: all interfaces. */
export const DEFAULT_HOST = "0.0.0.0";
/** Host name or IP that players' kubeconfigs and links point at. */
export const DEFAULT_PUBLIC_HOST = "127.0.0.1";
/** Embedded simulated cluster unless told otherwise. */
export const DEFAULT_CLUSTER_MODE = "sim";
/** Directory for the SQLite file, TLS material and other state (relative to the working directory). */
export const DEFAULT_DATA_DIR = "./data";
/** Scenario library (scenarios, packs, baseline apps, image catalog), relative to the working directory. */
export const DEFAULT_SCENARIOS_DIR = "./scenarios";
/** SQLite file name inside the data directory. */
export const DEFAULT_DATABASE_FILE = "firedrill.db";
/** Simulated-cluster seconds per wall-clock second (1 = real time). */
export const DEFAULT_TIME_SCALE = 1;
/** pino log level. */
export const DEFAULT_LOG_LEVEL = "info";
/** Shortest admin token accepted, in characters: anything shorter is guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;
/** Highest TCP port number. */
const MAX_PORT = 65_535;

export const CLUSTER_MODES = ["sim", "kube"] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** HTTP + websocket port; 0 = ephemeral. */
  port: number;
  /** Bind address for HTTP and the gateway. */
  host: string;
  /** kubectl gateway port (HTTPS); 0 = ephemeral. */
  gatewayPort: number;
  /** Simulated API server port (loopback); 0 = ephemeral. */
  simPort: number;
  cluster: ClusterMode;
  /** Kubeconfig path(s) for `kube` mode; undefined = client-node's defaults (~/.kube/config or in-cluster). */
  kubeconfig: string | undefined;
  /** `file:<absolute path>` or `postgresql://…`. */
  databaseUrl: string;
  /** Absolute path of the data directory. */
  dataDir: string;
  /** Absolute path of the scenario library. */
  scenariosDir: string;
  publicHost: string;
  /** When set, creating games requires it as a bearer token. */
  adminToken: string | undefined;
  /** Simulated-cluster time multiplier (> 0); game time stays wall-clock. */
  timeScale: number;
  logLevel: LogLevel;
}

/** Host names (RFC 1123 labels) and IPv4/IPv6 literals; no scheme, port or path. */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

const port = z
  .string()
  .regex(/^\d+$/, { error: `must be a TCP port: an integer 0-${MAX_PORT}` })
  .transform(Number)
  .refine((n) => n <= MAX_PORT, { error: `must be a TCP port: an integer 0-${MAX_PORT}` });

const host = (what: string) =>
  z.string().regex(HOST_PATTERN, { error: `must be ${what} (a host name or IP address, no scheme or port)` });

const EnvSchema = z.object({
  PORT: port.default(DEFAULT_PORT),
  HOST: host("a bind address").default(DEFAULT_HOST),
  GATEWAY_PORT: port.default(DEFAULT_GATEWAY_PORT),
  SIM_PORT: port.default(DEFAULT_SIM_PORT),
  FIREDRILL_CLUSTER: z
    .enum(CLUSTER_MODES, { error: `must be one of: ${CLUSTER_MODES.join(", ")}` })
    .default(DEFAULT_CLUSTER_MODE),
  KUBECONFIG: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, {
      error: "must be file:<path> (SQLite) or postgresql://user:password@host:port/database",
    })
    .refine((u) => !/^file::memory:/.test(u), { error: "in-memory SQLite is not supported: give a file path" })
    .optional(),
  FIREDRILL_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  FIREDRILL_SCENARIOS_DIR: z.string().min(1).default(DEFAULT_SCENARIOS_DIR),
  FIREDRILL_PUBLIC_HOST: host("the public host").default(DEFAULT_PUBLIC_HOST),
  FIREDRILL_ADMIN_TOKEN: z
    .string()
    .min(MIN_ADMIN_TOKEN_LENGTH, { error: `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters` })
    .optional(),
  FIREDRILL_TIME_SCALE: z
    .string()
    .regex(/^(\d+(\.\d+)?|\.\d+)$/, { error: "must be a positive number, e.g. 1 or 10 or 0.5" })
    .transform(Number)
    .refine((n) => n > 0 && Number.isFinite(n), { error: "must be a positive number, e.g. 1 or 10 or 0.5" })
    .default(DEFAULT_TIME_SCALE),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(", ")}` })
    .default(DEFAULT_LOG_LEVEL),
});

type EnvName = keyof z.input<typeof EnvSchema>;
const ENV_NAMES = Object.keys(EnvSchema.shape) as EnvName[];
/** Variables that hold secrets: their values never appear in error messages. */
const SECRET_VARIABLES = new Set<string>(["FIREDRILL_ADMIN_TOKEN", "DATABASE_URL"]);

/**
 * Reads and validates the configuration. Empty or blank variables count as unset.
 * @param cwd resolves a relative data directory; defaults to the working directory.
 * @throws ConfigError listing every invalid variable with its value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const raw: Partial<Record<EnvName, string>> = {};
  for (const name of ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") raw[name] = value.trim();
  }
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]) as EnvName;
      return `  - ${name}=${describeValue(name, raw[name])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.FIREDRILL_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    gatewayPort: e.GATEWAY_PORT,
    simPort: e.SIM_PORT,
    cluster: e.FIREDRILL_CLUSTER,
    kubeconfig: e.KUBECONFIG,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, DEFAULT_DATABASE_FILE)}`,
    dataDir,
    scenariosDir: path.resolve(cwd, e.FIREDRILL_SCENARIOS_DIR),
    publicHost: e.FIREDRILL_PUBLIC_HOST,
    adminToken: e.FIREDRILL_ADMIN_TOKEN,
    timeScale: e.FIREDRILL_TIME_SCALE,
    logLevel: e.LOG_LEVEL,
  };
}

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return "(unset)";
  if (name === "DATABASE_URL") return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@"));
  if (SECRET_VARIABLES.has(name)) return `(${value.length} characters, hidden)`;
  return JSON.stringify(value);
}

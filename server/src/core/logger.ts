import { pino, type Logger } from "pino";

export type { Logger };

/** Log keys whose values are secrets: pino replaces them with "[redacted]". */
export const REDACTED_LOG_PATHS = [
  "token",
  "teamToken",
  "hostKey",
  "authorization",
  "*.token",
  "*.teamToken",
  "*.hostKey",
  "*.authorization",
  "req.headers.authorization",
  "headers.authorization",
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? "firedrill",
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" },
  });
}

/** A logger that drops everything; for tests. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

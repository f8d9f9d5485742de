/**
 * Boots the whole product in-process the way `npm start` does (sim cluster, gateway, game, REST +
 * websockets), on ephemeral loopback ports with a temp data dir and a real SQLite file.
 * Colyseus' matchmaker is process-global: one running Firedrill per test file at a time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../server/src/config.js";
import { createLogger, silentLogger } from "../../server/src/core/index.js";
import { startFiredrill, type RunningFiredrill } from "../../server/src/main.js";

/** Simulated cluster time runs this much faster in tests (pods start, back-offs elapse); game time stays wall-clock. */
export const TEST_TIME_SCALE = 20;

export interface TestFiredrill extends RunningFiredrill {
  dataDir: string;
  /** REST helper: JSON in and out, bearer optional. */
  api<T = unknown>(method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; body: T; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestFiredrill(env: Record<string, string> = {}): Promise<TestFiredrill> {
  const dataDir = mkdtempSync(join(tmpdir(), "firedrill-test-"));
  const config = loadConfig({
    PORT: "0",
    GATEWAY_PORT: "0",
    SIM_PORT: "0",
    HOST: "127.0.0.1",
    FIREDRILL_DATA_DIR: dataDir,
    FIREDRILL_TIME_SCALE: String(TEST_TIME_SCALE),
    ...env,
  });
  const logger = process.env.FIREDRILL_TEST_LOG ? createLogger({ level: process.env.FIREDRILL_TEST_LOG }) : silentLogger();
  const running = await startFiredrill(config, logger);
  const api: TestFiredrill["api"] = async (method, path, body, bearer) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const res = await fetch(`${running.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as never, text, headers: res.headers };
  };
  return {
    ...running,
    dataDir,
    api,
    async close() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

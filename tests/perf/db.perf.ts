/**
 * Database figures: migrate-at-start on a fresh SQLite file (in-process applier vs the Prisma
 * CLI it replaces), and write throughput of the two hot repositories. Ratios compare runs made
 * in the same process, on the same machine, one after the other.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  ActivityRepository,
  GameEventRepository,
  createDatabase,
  migrateDatabase,
  type NewActivity,
} from "../../server/src/db/index.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
const IN_PROCESS_RUNS = 7;
const CLI_RUNS = 3;
const EVENT_APPENDS = 500;
const ACTIVITY_BATCHES = 10;
const ACTIVITY_BATCH_SIZE = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export default async function dbPerf(): Promise<Record<string, number | string>> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "firedrill-db-perf-"));
  try {
    const fresh: number[] = [];
    const noop: number[] = [];
    for (let i = 0; i < IN_PROCESS_RUNS; i++) {
      const url = `file:${path.join(tmp, `in-process-${i}`, "firedrill.db")}`;
      const t0 = performance.now();
      await migrateDatabase(url);
      fresh.push(performance.now() - t0);
      const t1 = performance.now();
      await migrateDatabase(url);
      noop.push(performance.now() - t1);
    }

    const cli: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) {
      const url = `file:${path.join(tmp, `cli-${i}.db`)}`;
      const t0 = performance.now();
      await run(process.execPath, [PRISMA_CLI, "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
      cli.push(performance.now() - t0);
    }

    const url = `file:${path.join(tmp, "throughput.db")}`;
    await migrateDatabase(url);
    const db = await createDatabase(url);
    try {
      const game = await db.game.create({ data: { code: "PERF01", name: "perf", hostKeyHash: "x", settings: {} } });
      const events = new GameEventRepository(db);
      const t0 = performance.now();
      for (let i = 0; i < EVENT_APPENDS; i++) {
        await events.append({ gameId: game.id, teamId: "t", at: new Date(), kind: "clue-found", payload: { i, command: "kubectl describe pod" } });
      }
      const appendMs = performance.now() - t0;
      const t1 = performance.now();
      const listed = await events.listForGame(game.id);
      const listMs = performance.now() - t1;
      if (listed.length !== EVENT_APPENDS) throw new Error(`listed ${listed.length} events`);

      const activities = new ActivityRepository(db);
      const batch: NewActivity[] = Array.from({ length: ACTIVITY_BATCH_SIZE }, (_, i) => ({
        gameId: game.id, teamId: "t", at: new Date(), verb: "get", resource: "pods", namespace: "team-1",
        name: `backend-${i}`, kubectlCommand: "kubectl get", code: 200, latencyMs: 3, allowed: true,
      }));
      const t2 = performance.now();
      for (let b = 0; b < ACTIVITY_BATCHES; b++) await activities.appendBatch(batch);
      const activityMs = performance.now() - t2;

      return {
        "migrate fresh SQLite, in-process (median ms)": round(median(fresh)),
        "migrate up-to-date SQLite, in-process (median ms)": round(median(noop)),
        "migrate fresh SQLite, prisma migrate deploy CLI (median ms)": round(median(cli)),
        "CLI / in-process migrate time (ratio)": round(median(cli) / median(fresh)),
        "GameEvent.append sequential (events/s)": Math.round((EVENT_APPENDS / appendMs) * 1000),
        [`GameEvent.listForGame ${EVENT_APPENDS} events (ms)`]: round(listMs),
        [`Activity.appendBatch ${ACTIVITY_BATCH_SIZE}-row batches (rows/s)`]: Math.round(((ACTIVITY_BATCHES * ACTIVITY_BATCH_SIZE) / activityMs) * 1000),
      };
    } finally {
      await db.$disconnect();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Kubernetes-style probes: /healthz (process alive) and /readyz (dependencies answer). */
import { Router } from "express";
import { checkDatabase, type Database } from "../db/index.js";

/** Upper bound for any one readiness check, in milliseconds: a hung dependency must not hang the probe. */
export const READINESS_CHECK_TIMEOUT_MS = 3_000;

export type ReadinessResult = { ok: true } | { ok: false; reason: string };

/** A named dependency /readyz asks; checks must not throw and should answer within seconds. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<ReadinessResult>;
}

export function healthRoutes(checks: readonly ReadinessCheck[]): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          return [c.name, await withTimeout(c.check(), READINESS_CHECK_TIMEOUT_MS)] as const;
        } catch (err) {
          return [c.name, { ok: false as const, reason: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const failed = results.filter(([, r]) => !r.ok).map(([name, r]) => `${name}: ${r.ok ? "" : r.reason}`);
    const summary = Object.fromEntries(results.map(([name, r]) => [name, r.ok ? "ok" : r.reason]));
    res.setHeader("Cache-Control", "no-store");
    if (failed.length === 0) res.json({ status: "ready", checks: summary });
    else res.status(503).json({ status: "unready", reason: failed.join("; "), checks: summary });
  });
  return router;
}

export function databaseReadiness(db: Database): ReadinessCheck {
  return { name: "database", check: () => checkDatabase(db) };
}

function withTimeout(check: Promise<ReadinessResult>, timeoutMs: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

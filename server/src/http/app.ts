/**
 * The Express 5 application: probes, metrics, the REST route modules other parts of Firedrill
 * plug in, a JSON 404 for unknown /api routes, and one error handler. Express stays inside http/.
 */
import express, { type Express, type Router } from "express";
import type { Registry } from "prom-client";
import type { Logger } from "../core/index.js";
import type { Database } from "../db/index.js";
import { apiNotFound, errorMiddleware } from "./errors.js";
import { databaseReadiness, healthRoutes, type ReadinessCheck } from "./health-routes.js";
import { createMetricsRegistry, httpMetricsMiddleware } from "./metrics.js";

/** Largest JSON request body accepted, as a body-parser size string. Game/team/settings payloads are small. */
export const JSON_BODY_LIMIT = "256kb";

/** A REST module: a router mounted at `path` (default "/"), in the order given. */
export interface HttpRouteModule {
  /** Shown in logs. */
  name: string;
  /** Mount path, e.g. "/api/games". */
  path?: string;
  router: Router;
}

export interface HttpAppDeps {
  db: Database;
  logger: Logger;
  /** Route modules, mounted after the probes and before the /api 404. */
  routes?: readonly HttpRouteModule[];
  /** Extra /readyz checks (the database is always checked). */
  readinessChecks?: readonly ReadinessCheck[];
  /** Registry served at /metrics; created with default process metrics when omitted. */
  metricsRegistry?: Registry;
}

export interface HttpApp {
  app: Express;
  metricsRegistry: Registry;
}

export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const { db, logger } = deps;
  const metricsRegistry = deps.metricsRegistry ?? createMetricsRegistry();
  const app = express();
  app.disable("x-powered-by");

  app.use(httpMetricsMiddleware(metricsRegistry));
  app.use(healthRoutes([databaseReadiness(db), ...(deps.readinessChecks ?? [])]));
  app.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metricsRegistry.contentType);
    res.send(await metricsRegistry.metrics());
  });

  // strict: false lets any JSON value through, so `null` or `"x"` get the schema's 400 "invalid"
  // naming the body ("expected object"), not a misleading "invalid-json"; routes validate with zod.
  app.use("/api", express.json({ limit: JSON_BODY_LIMIT, strict: false }));
  for (const route of deps.routes ?? []) {
    app.use(route.path ?? "/", route.router);
    logger.debug({ route: route.name, path: route.path ?? "/" }, "mounted route module");
  }
  app.use("/api", apiNotFound);
  app.use(errorMiddleware(logger));
  return { app, metricsRegistry };
}

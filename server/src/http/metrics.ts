/**
 * Prometheus metrics: process defaults plus HTTP request durations. One registry per app
 * (not prom-client's global) so several servers can live in one test process; other modules
 * register their own metrics on the registry main.ts hands them.
 */
import type { NextFunction, Request, Response } from "express";
import { Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Request duration buckets, in seconds: 5 ms … 10 s (kubectl watches are excluded by path). */
export const HTTP_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const HTTP_DURATION_METRIC = "firedrill_http_request_duration_seconds";
/** Route label for requests no route matched: raw paths would explode label cardinality. */
const UNMATCHED_ROUTE = "unmatched";

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Middleware that observes every request's duration by method, route pattern and status. */
export function httpMetricsMiddleware(registry: Registry) {
  const existing = registry.getSingleMetric(HTTP_DURATION_METRIC) as Histogram<"method" | "route" | "status_code"> | undefined;
  const histogram =
    existing ??
    new Histogram({
      name: HTTP_DURATION_METRIC,
      help: "Duration of HTTP requests served by the Firedrill REST API, in seconds",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: HTTP_DURATION_BUCKETS_S,
      registers: [registry],
    });
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = histogram.startTimer();
    res.on("finish", () => {
      stop({ method: req.method, route: routeLabel(req), status_code: String(res.statusCode) });
    });
    next();
  };
}

/** The matched route pattern (e.g. "/api/games/:code"), never the raw URL. */
function routeLabel(req: Request): string {
  const pattern: unknown = req.route?.path;
  if (typeof pattern !== "string") return UNMATCHED_ROUTE;
  return `${req.baseUrl}${pattern}` || "/";
}

/** HTTP: the only module that imports Express. */
export { createHttpApp, JSON_BODY_LIMIT, type HttpApp, type HttpAppDeps, type HttpRouteModule } from "./app.js";
export { healthRoutes, databaseReadiness, READINESS_CHECK_TIMEOUT_MS, type ReadinessCheck, type ReadinessResult } from "./health-routes.js";
export { createMetricsRegistry, httpMetricsMiddleware, HTTP_DURATION_METRIC, HTTP_DURATION_BUCKETS_S } from "./metrics.js";
export { apiNotFound, errorMiddleware, toErrorResponse, type ErrorBody } from "./errors.js";
export {
  createApiRoutes,
  createStaticClientRoutes,
  DEFAULT_CLIENT_DIR,
  type ApiRoutesOptions,
  type StaticClientOptions,
} from "./routes/index.js";

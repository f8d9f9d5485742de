/**
 * The REST API (DESIGN.md "REST contract") as route modules for `createHttpApp({ routes })`.
 * Every route delegates to the game service (GameServiceApi); this layer only parses requests,
 * validates bodies with the protocol's zod schemas and shapes responses.
 */
import type { Logger } from "../../core/index.js";
import type { GameServiceApi } from "../../game/service-types.js";
import type { HttpRouteModule } from "../app.js";
import { catalogRouter } from "./catalog.js";
import { debriefRouter } from "./debrief.js";
import { gamesRouter } from "./games.js";
import { seasonsRouter } from "./seasons.js";
import { teamsRouter } from "./teams.js";

export interface ApiRoutesOptions {
  service: GameServiceApi;
  /** `https://host:port` of the kubectl gateway, written into team kubeconfigs. */
  gatewayUrl: string;
  /** PEM of the CA that signed the gateway's certificate, embedded in team kubeconfigs. */
  caPem: string;
  logger: Logger;
}

export function createApiRoutes(options: ApiRoutesOptions): HttpRouteModule[] {
  const { service, gatewayUrl, caPem, logger } = options;
  // Fail at start-up, not on the first download: kubectl sends no credentials over plain http.
  if (!/^https:\/\//.test(gatewayUrl)) throw new Error(`gatewayUrl must be https://…, got ${gatewayUrl}`);
  logger.debug({ gatewayUrl }, "REST API routes ready");
  return [
    { name: "games", path: "/api/games", router: gamesRouter(service) },
    { name: "teams", path: "/api/games", router: teamsRouter(service, { gatewayUrl, caPem }) },
    { name: "debrief", path: "/api/games", router: debriefRouter(service) },
    { name: "catalog", path: "/api", router: catalogRouter(service) },
    { name: "seasons", path: "/api/seasons", router: seasonsRouter(service) },
  ];
}

export { createStaticClientRoutes, DEFAULT_CLIENT_DIR, ASSET_MAX_AGE_MS, type StaticClientOptions } from "./static-client.js";
export { CONTROL_ACTIONS, ControlRequestSchema } from "./games.js";
export { KUBECONFIG_CONTENT_TYPE, kubeconfigFilename, type KubeconfigSource } from "./teams.js";
export { MARKDOWN_CONTENT_TYPE, debriefFormat } from "./debrief.js";
export { bearerToken, gameCode, parseBody, MAX_GAME_CODE_LENGTH } from "./request.js";

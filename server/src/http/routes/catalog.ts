/** GET /api/scenarios and GET /api/packs: the scenario catalog, public. */
import { Router } from "express";
import type { GameServiceApi } from "../../game/service-types.js";

export function catalogRouter(service: GameServiceApi): Router {
  const router = Router();
  router.get("/scenarios", (_req, res) => {
    res.json(service.scenarios());
  });
  router.get("/packs", (_req, res) => {
    res.json(service.packs());
  });
  return router;
}

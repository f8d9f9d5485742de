/** /api/seasons: list and create seasons, and a season's classroom leaderboard across its games. */
import { Router } from "express";
import type { GameServiceApi } from "../../game/service-types.js";
import { CreateSeasonRequestSchema } from "../../protocol/index.js";
import { bearerToken, noStore, parseBody, pathParam } from "./request.js";

export function seasonsRouter(service: GameServiceApi): Router {
  const router = Router();
  router.use(noStore);

  router.get("/", async (_req, res) => {
    res.json(await service.listSeasons());
  });

  router.post("/", async (req, res) => {
    const { name } = parseBody(CreateSeasonRequestSchema, req);
    res.status(201).json(await service.createSeason(name, bearerToken(req)));
  });

  router.get("/:id/leaderboard", async (req, res) => {
    res.json(await service.seasonLeaderboard(pathParam(req, "id")));
  });

  return router;
}

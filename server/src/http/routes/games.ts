/**
 * /api/games: create a game, read it, control it (start/pause/resume/end), inject now, and the
 * live leaderboard. Bodies are validated here; authority is the game service's call.
 */
import { Router } from "express";
import { z } from "zod";
import type { ControlAction, GameServiceApi } from "../../game/service-types.js";
import { CreateGameRequestSchema, InjectRequestSchema } from "../../protocol/index.js";
import { bearerToken, gameCode, noStore, parseBody } from "./request.js";

/** Game control actions, each its own POST route (`POST /api/games/:code/start` …). */
export const CONTROL_ACTIONS: readonly ControlAction[] = ["start", "pause", "resume", "end"];

/** Control routes take no parameters: an empty object (or no body at all). */
export const ControlRequestSchema = z.object({}).strict();

export function gamesRouter(service: GameServiceApi): Router {
  const router = Router();
  router.use(noStore);

  router.post("/", async (req, res) => {
    const body = parseBody(CreateGameRequestSchema, req);
    const created = await service.createGame(body, bearerToken(req));
    res.status(201).location(`/api/games/${encodeURIComponent(created.code)}`).json(created);
  });

  router.get("/:code", async (req, res) => {
    res.json(await service.getGame(gameCode(req)));
  });

  for (const action of CONTROL_ACTIONS) {
    router.post(`/:code/${action}`, async (req, res) => {
      const code = gameCode(req);
      parseBody(ControlRequestSchema, req);
      res.json(await service.control(code, action, bearerToken(req)));
    });
  }

  router.post("/:code/inject", async (req, res) => {
    const code = gameCode(req);
    const body = parseBody(InjectRequestSchema, req);
    res.json(await service.inject(code, body, bearerToken(req)));
  });

  router.get("/:code/leaderboard", async (req, res) => {
    res.json(await service.leaderboard(gameCode(req)));
  });

  return router;
}

/**
 * GET /api/games/:code/debrief: the debrief document, built from the game service's raw inputs
 * (game/ may not import debrief/), redacted for the viewer, as JSON or as Markdown
 * (`?format=markdown` or `Accept: text/markdown`).
 */
import { Router, type Request } from "express";
import { z } from "zod";
import { buildDebrief, redactDebrief, renderDebriefMarkdown, type BuildDebriefInput } from "../../debrief/index.js";
import type { GameServiceApi } from "../../game/service-types.js";
import { bearerToken, gameCode, noStore } from "./request.js";

export const MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";

const DebriefQuerySchema = z.object({ format: z.enum(["json", "markdown"]).optional() });

/** Which representation the request asks for: the query wins, then the Accept header, then JSON. */
export function debriefFormat(req: Request): "json" | "markdown" {
  const { format } = DebriefQuerySchema.parse({ format: req.query.format });
  if (format) return format;
  return req.accepts(["application/json", "text/markdown"]) === "text/markdown" ? "markdown" : "json";
}

export function debriefRouter(service: GameServiceApi): Router {
  const router = Router();
  router.use(noStore);

  router.get("/:code/debrief", async (req, res) => {
    const code = gameCode(req);
    const format = debriefFormat(req);
    const { viewer, inputs } = await service.debriefInputs(code, bearerToken(req));
    // The service hands over its parsed event log (scoring's GameEvent); http may not import scoring.
    const doc = redactDebrief(buildDebrief(inputs as BuildDebriefInput), viewer);
    res.vary("Accept");
    if (format === "markdown") {
      res.setHeader("Content-Type", MARKDOWN_CONTENT_TYPE);
      res.setHeader("Content-Disposition", `inline; filename="firedrill-${code}-debrief.md"`);
      res.send(renderDebriefMarkdown(doc));
      return;
    }
    res.json(doc);
  });

  return router;
}

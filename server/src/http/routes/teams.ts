/**
 * /api/games/:code/teams: register a team, and download a team's kubeconfig (rendered with the
 * gateway's renderer: gateway URL + CA + the team's bearer token + its namespace).
 */
import { Router } from "express";
import type { GameServiceApi } from "../../game/service-types.js";
import { renderTeamKubeconfig } from "../../gateway/index.js";
import { CreateTeamRequestSchema } from "../../protocol/index.js";
import { bearerToken, gameCode, noStore, parseBody, pathParam } from "./request.js";

export interface KubeconfigSource {
  /** `https://host:port` players reach the gateway at. */
  gatewayUrl: string;
  /** PEM of the CA that signed the gateway's serving certificate. */
  caPem: string;
}

/** Media type of kubeconfig downloads. */
export const KUBECONFIG_CONTENT_TYPE = "text/yaml; charset=utf-8";

/** `firedrill-<code>-<namespace>.kubeconfig`, restricted to filename-safe characters. */
export function kubeconfigFilename(code: string, namespace: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");
  return `firedrill-${safe(code)}-${safe(namespace)}.kubeconfig`;
}

export function teamsRouter(service: GameServiceApi, kubeconfig: KubeconfigSource): Router {
  const router = Router();
  router.use(noStore);

  router.post("/:code/teams", async (req, res) => {
    const code = gameCode(req);
    const { name } = parseBody(CreateTeamRequestSchema, req);
    const created = await service.createTeam(code, name, bearerToken(req));
    res.status(201).json(created);
  });

  router.get("/:code/teams/:teamId/kubeconfig", async (req, res) => {
    const code = gameCode(req);
    const teamId = pathParam(req, "teamId");
    const access = await service.teamAccess(code, teamId, bearerToken(req));
    const yaml = renderTeamKubeconfig({
      gatewayUrl: kubeconfig.gatewayUrl,
      caPem: kubeconfig.caPem,
      token: access.token,
      team: { teamId, name: access.teamName, namespace: access.namespace, gameCode: code },
    });
    res.setHeader("Content-Type", KUBECONFIG_CONTENT_TYPE);
    res.setHeader("Content-Disposition", `attachment; filename="${kubeconfigFilename(code, access.namespace)}"`);
    res.send(yaml);
  });

  return router;
}

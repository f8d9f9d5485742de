import { httpStatusMatches, type ProxySymptom } from "../../../scenarios/index.js";
import { dig, objectsOf } from "../../../engine/recovery.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/**
 * GET through the service proxy answers with that status. Without `port` the API server picks the
 * Service's only port, so the check uses the Service's first port (as `services/<name>/proxy` would).
 */
export const proxy: SymptomChecker<ProxySymptom> = async (s, ctx) => {
  const port = s.port ?? (dig(objectsOf(ctx.snapshot, "services")[s.service], "spec", "ports", 0, "port") as number | undefined);
  if (port === undefined) return notSeen(`service ${s.service} does not exist (or has no ports)`);
  const code = await ctx.proxyStatus(s.service, port, s.path);
  const saw = `GET services/${s.service}:${port}/proxy${s.path} → ${code ?? "no answer"}`;
  return code !== undefined && httpStatusMatches(s.status, code) ? seen(saw) : notSeen(saw);
};

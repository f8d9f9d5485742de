import { httpStatusMatches, type HttpViaProxyCondition } from "../../scenarios/index.js";
import { fail, pass, proxyKey, type ConditionResult, type EvaluationContext } from "./snapshot.js";

/** The probe through the service proxy (made by the IO layer, see proxyChecksFor) answered with the expected status. */
export function httpViaProxy(c: HttpViaProxyCondition, ctx: EvaluationContext): ConditionResult {
  const key = proxyKey(c.service, c.path, c.port);
  const code = ctx.proxy[key];
  if (code === undefined) return fail(`GET ${key} through the service proxy: no answer yet`);
  return httpStatusMatches(c.status, code) ? pass() : fail(`GET ${key} through the service proxy answered ${code}, expected ${c.status}`);
}

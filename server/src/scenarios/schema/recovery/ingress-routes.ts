import { z } from "zod";
import { Templated } from "../common.js";

/**
 * `ingressRoutes: {name, host?, path?}`: the Ingress exists and every backend of the matching rules
 * (all rules when host/path are not given) names a Service that exists, has the referenced port, and has
 * ready endpoints. Any fix that makes the route resolve passes, including a new Service with that name.
 */
export const IngressRoutesCondition = z
  .strictObject({
    name: Templated.min(1),
    host: Templated.optional(),
    path: Templated.startsWith("/").optional(),
  })
  .meta({ description: "The Ingress's backends resolve to Services with ready endpoints." });
export type IngressRoutesCondition = z.output<typeof IngressRoutesCondition>;

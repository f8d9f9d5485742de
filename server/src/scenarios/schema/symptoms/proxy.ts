import { z } from "zod";
import { Templated } from "../common.js";
import { HttpStatus } from "../http-status.js";

/**
 * `proxy: {service, port?, path, status}`: a GET through the API server's service proxy
 * (`/api/v1/namespaces/<ns>/services/<service>:<port>/proxy<path>`) answers with this status.
 */
export const ProxySymptom = z
  .strictObject({
    service: Templated.min(1),
    port: z.union([z.int().min(1).max(65535), z.string().min(1)]).optional(),
    path: Templated.startsWith("/"),
    status: HttpStatus,
  })
  .meta({ description: "An HTTP GET through the service proxy returns this status." });
export type ProxySymptom = z.output<typeof ProxySymptom>;

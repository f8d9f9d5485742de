import { z } from "zod";
import { Templated } from "../common.js";
import { HttpStatus } from "../http-status.js";

/**
 * `httpViaProxy: {service, port?, path, status}`: a GET through the API server's service proxy answers with
 * this status ("2xx" or an exact code). `port` is the Service port name or number (default: its first port).
 */
export const HttpViaProxyCondition = z
  .strictObject({
    service: Templated.min(1),
    port: z.union([z.int().min(1).max(65535), z.string().min(1)]).optional(),
    path: Templated.startsWith("/"),
    status: HttpStatus,
  })
  .meta({ description: "The app answers through the service proxy." });
export type HttpViaProxyCondition = z.output<typeof HttpViaProxyCondition>;

import { z } from "zod";
import { Templated } from "../common.js";

/** `serviceHasEndpoints: {service, min?}`: the Service has at least `min` (default 1) ready endpoints. */
export const ServiceHasEndpointsCondition = z
  .strictObject({ service: Templated.min(1), min: z.int().min(1).optional() })
  .meta({ description: "The Service has ready endpoints." });
export type ServiceHasEndpointsCondition = z.output<typeof ServiceHasEndpointsCondition>;

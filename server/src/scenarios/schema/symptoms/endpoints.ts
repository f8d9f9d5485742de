import { z } from "zod";
import { Templated } from "../common.js";

/** `endpoints: {service, empty}`: the Service has no ready endpoints (`empty: true`) or has some. */
export const EndpointsSymptom = z
  .strictObject({ service: Templated.min(1), empty: z.boolean() })
  .meta({ description: "The Service's ready endpoint list is empty (or not)." });
export type EndpointsSymptom = z.output<typeof EndpointsSymptom>;

import { z } from "zod";
import { Glob, Templated } from "../common.js";

/** `event: {reason, messageContains?, involvedKind?, involvedName?}`: an Event was recorded in the namespace. */
export const EventSymptom = z
  .strictObject({
    reason: z.string().min(1).meta({ description: 'Event reason, e.g. "FailedScheduling", "BackOff", "Unhealthy".' }),
    messageContains: Templated.optional(),
    involvedKind: z.string().optional(),
    involvedName: Glob.optional(),
  })
  .meta({ description: "An Event with this reason (and message fragment) appears." });
export type EventSymptom = z.output<typeof EventSymptom>;

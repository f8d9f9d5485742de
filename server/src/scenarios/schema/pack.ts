import { z } from "zod";
import { Duration, KebabId } from "./common.js";

/** The only relative trigger so far: start after the previous incident was recovered or expired. */
export const AFTER_PREVIOUS = "previous-recovered-or-expired";

/**
 * A timeline entry: `{scenario, at}` (offset from game start) or `{scenario, after, delay?}` (relative to
 * the previous entry, per team).
 */
export const TimelineEntry = z
  .strictObject({
    scenario: KebabId,
    at: Duration.optional(),
    after: z.literal(AFTER_PREVIOUS).optional(),
    delay: Duration.optional().meta({ description: "Extra wait after the previous incident ended." }),
  })
  .superRefine((e, ctx) => {
    if ((e.at === undefined) === (e.after === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of at or after" });
    }
    if (e.delay !== undefined && e.after === undefined) {
      ctx.addIssue({ code: "custom", path: ["delay"], message: "delay only goes with after" });
    }
  });
export type TimelineEntry = z.output<typeof TimelineEntry>;

/** Scoring overrides for a pack; unset fields keep the scoring module's defaults. */
export const PackScoring = z.strictObject({
  points: z.record(KebabId, z.int().min(0)).optional().meta({ description: "Per-scenario points override." }),
  hintCostMultiplier: z.number().min(0).optional(),
  rootCauseBonus: z.int().min(0).optional(),
  wrongRootCausePenalty: z.int().min(0).optional(),
  collateralPenalty: z.int().min(0).optional(),
});
export type PackScoring = z.output<typeof PackScoring>;

/** A game plan: `scenarios/packs/<id>.yaml`. */
export const Pack = z
  .strictObject({
    id: KebabId.meta({ description: "Equals the file name without .yaml." }),
    title: z.string().min(1),
    description: z.string().min(1),
    duration: Duration,
    app: KebabId,
    timeline: z.array(TimelineEntry).min(1),
    jitter: Duration.optional().meta({ description: "Random per-team offset added to each start, up to this." }),
    simultaneous: z
      .boolean()
      .default(true)
      .meta({ description: "true: every team gets each incident at the same moment (jitter ignored)." }),
    scoring: PackScoring.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.timeline[0]?.after !== undefined) {
      ctx.addIssue({ code: "custom", path: ["timeline", 0, "after"], message: "the first entry has no previous; use at" });
    }
  })
  .meta({ title: "Firedrill pack", description: "A timeline of scenarios for one game." });
export type Pack = z.output<typeof Pack>;

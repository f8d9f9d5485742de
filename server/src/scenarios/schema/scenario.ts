import { z } from "zod";
import { Duration, KebabId, Templated, TargetRef } from "./common.js";
import { ParamGenerator } from "./params/registry.js";
import { Mutation } from "./mutations/registry.js";
import { Symptom } from "./symptoms/registry.js";
import { Clue } from "./clue.js";
import { RootCause } from "./root-cause.js";
import { Recovery } from "./recovery.js";
import { Hint } from "./hint.js";
import { SolutionStep } from "./solution.js";

/** Default summed clue weight that counts as diagnosis when no key clue matched. */
export const DEFAULT_DIAGNOSIS_THRESHOLD = 1;
/** Param names are identifiers so that `{{params.name}}` stays unambiguous. */
export const PARAM_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

export const Difficulty = z.enum(["easy", "medium", "hard"]);
export type Difficulty = z.output<typeof Difficulty>;

/** One incident: `scenarios/<id>/scenario.yaml` (+ `debrief.md`). */
export const Scenario = z
  .strictObject({
    id: KebabId.meta({ description: "Equals the folder name." }),
    title: z.string().min(1),
    difficulty: Difficulty,
    points: z.int().min(0),
    timeLimit: Duration,
    app: KebabId.meta({ description: "Baseline app folder under scenarios/apps/, e.g. taskmaster." }),
    summary: z.string().min(1),
    objectives: z.array(z.string().min(1)).min(1),
    tags: z.array(KebabId).default([]),
    targets: z
      .array(TargetRef)
      .min(1)
      .meta({ description: "Objects the break touches: a write to one counts as a fix attempt; others are collateral." }),
    params: z
      .record(z.string().regex(PARAM_NAME_PATTERN, "param names are identifiers (letters, digits, _)"), ParamGenerator)
      .default({}),
    break: z.array(Mutation).min(1).meta({ description: "Mutations applied in order to inject the incident." }),
    symptoms: z.array(Symptom).min(1),
    clues: z.array(Clue).min(1),
    diagnosisThreshold: z
      .number()
      .positive()
      .optional()
      .meta({ description: `Summed clue weight that counts as diagnosis; default ${DEFAULT_DIAGNOSIS_THRESHOLD}.` }),
    rootCause: RootCause,
    recovery: Recovery,
    hints: z.array(Hint).default([]),
    solution: z.array(SolutionStep).min(1),
  })
  .superRefine((s, ctx) => {
    if (!s.clues.some((c) => c.key)) {
      ctx.addIssue({ code: "custom", path: ["clues"], message: "at least one clue must be key: true" });
    }
  })
  .meta({ title: "Firedrill scenario", description: "One incident: how to break, what it looks like, how to recover." });
export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

import { z } from "zod";
import { Templated } from "../common.js";

/** `kubectl: {args, stdoutContains}`: running kubectl with these args (in the team namespace) prints this. */
export const KubectlSymptom = z
  .strictObject({
    args: z.array(Templated).min(1).meta({ description: 'kubectl arguments, e.g. ["get", "pods", "-l", "app=frontend"].' }),
    stdoutContains: z.union([Templated, z.array(Templated).min(1)]),
  })
  .meta({ description: "kubectl output contains the given text(s)." });
export type KubectlSymptom = z.output<typeof KubectlSymptom>;

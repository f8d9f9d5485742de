import { z } from "zod";
import { Templated } from "./common.js";

const KUBECTL_COMMAND = z
  .string()
  .regex(/^kubectl\s/, 'expected a kubectl command starting with "kubectl "')
  .meta({ description: "A kubectl command line (templated), run by the self-test through real kubectl." });

/**
 * A reference-fix step: a kubectl command line, or `{command, stdin}` when it reads a manifest from `-f -`.
 * Command lines are split like a POSIX shell would (quotes, no expansion).
 */
export const SolutionStep = z.union([
  KUBECTL_COMMAND,
  z.strictObject({ command: KUBECTL_COMMAND, stdin: Templated }),
]);
export type SolutionStep = z.output<typeof SolutionStep>;

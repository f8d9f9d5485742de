import type { KubectlSymptom } from "../../../scenarios/index.js";
import { describeKubectl } from "../kubectl-runner.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/** Real `kubectl -n <ns> <args>` prints every expected text (stdout; stderr too, as a terminal shows both). */
export const kubectl: SymptomChecker<KubectlSymptom> = async (s, ctx) => {
  const out = await ctx.kubectl.run(["-n", ctx.namespace, ...s.args]);
  const printed = `${out.stdout}\n${out.stderr}`;
  const texts = Array.isArray(s.stdoutContains) ? s.stdoutContains : [s.stdoutContains];
  const missing = texts.filter((t) => !printed.includes(t));
  return missing.length ? notSeen(`missing ${missing.map((t) => JSON.stringify(t)).join(", ")} in ${describeKubectl(out)}`) : seen(describeKubectl(out, 160));
};

import type { NamespaceSnapshot } from "../../../engine/recovery.js";
import type { KubectlRunner } from "../kubectl-runner.js";

/** What a symptom check may look at: the watched namespace, the service proxy, and real kubectl. */
export interface SymptomContext {
  namespace: string;
  snapshot: NamespaceSnapshot;
  /** Simulated now, epoch ms. */
  now: number;
  /** When the break was applied, epoch ms: events from before it (the baseline starting up) do not count. */
  since: number;
  /** Status of a GET through the API server's service proxy; undefined when no answer came. */
  proxyStatus(service: string, port: string | number, path: string): Promise<number | undefined>;
  kubectl: KubectlRunner;
}

/** `saw` says what the checker last saw, for "symptom X not observed after Ys: last saw …". */
export interface SymptomObservation {
  ok: boolean;
  saw: string;
}

export type SymptomChecker<S> = (spec: S, ctx: SymptomContext) => Promise<SymptomObservation> | SymptomObservation;

export const seen = (saw: string): SymptomObservation => ({ ok: true, saw });
export const notSeen = (saw: string): SymptomObservation => ({ ok: false, saw });

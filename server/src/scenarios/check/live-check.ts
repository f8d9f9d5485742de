import type { LoadedScenario } from "../loader.js";

/**
 * The live phase of `npm run scenarios:check`, for each scenario in a fresh sim namespace:
 * baseline healthy → break → every symptom seen → recovery not met → each forbid fix rejected →
 * reference solution through real kubectl → recovered within timeLimit → reset.
 *
 * NOT WIRED YET: it needs the sim (server/src/sim) and the kube/ module, which are being written in
 * parallel. Whoever implements it replaces `runLiveCheck` and sets LIVE_CHECK_AVAILABLE to true; the CLI
 * already calls it per scenario and prints its steps.
 */
export const LIVE_CHECK_AVAILABLE = false;

/** What the live phase needs from a cluster: to be filled in by the implementer (sim + kube/ client). */
export interface LiveCheckCluster {
  /** Kubeconfig path for real kubectl (solution steps run through it). */
  kubeconfigPath: string;
}

export interface LiveCheckStep {
  name: "baseline" | "break" | "symptoms" | "not-recovered" | "forbid" | "solution" | "recovered" | "reset";
  ok: boolean;
  detail: string;
  ms: number;
}

export interface LiveCheckResult {
  id: string;
  ok: boolean;
  steps: LiveCheckStep[];
}

export class LiveCheckNotWiredError extends Error {
  constructor() {
    super("the live scenario check (sim: break → symptoms → solution → recovered) is not wired yet");
  }
}

/** Runs the live phase for one scenario. Throws LiveCheckNotWiredError until implemented. */
export async function runLiveCheck(scenario: LoadedScenario, cluster: LiveCheckCluster): Promise<LiveCheckResult> {
  void scenario;
  void cluster;
  throw new LiveCheckNotWiredError();
}

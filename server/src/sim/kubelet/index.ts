/**
 * The simulated kubelet: pod lifecycle driven by the image catalog, the app/reachability model and
 * the PodRuntime (logs, exec, proxy) the API serves. See stages.ts for the lifecycle table and
 * README.md for what is simulated and what is not.
 */
import type { PodRuntime } from "../runtime.js";
import { Kubelet, type KubeletOptions } from "./kubelet.js";
import { KubeletPodRuntime } from "./runtime.js";

export interface RunningKubelet {
  runtime: PodRuntime;
  stop(): void;
}

/** Starts the kubelet of every simulated node; pods bound by the scheduler are taken over at once. */
export function startKubelet(opts: KubeletOptions): RunningKubelet {
  const kubelet = new Kubelet(opts);
  kubelet.start();
  return { runtime: new KubeletPodRuntime(kubelet, opts.store, opts.clock), stop: () => kubelet.stop() };
}

export type { KubeletOptions } from "./kubelet.js";
export { STAGES, IMAGE_PULL_BACKOFF_INITIAL_MS, IMAGE_PULL_BACKOFF_MAX_MS, CRASH_BACKOFF_INITIAL_MS, CRASH_BACKOFF_MAX_MS } from "./stages.js";
export { connect, resolveName, policyAllows, serviceEndpoints, type ClusterView, type ConnectResult } from "./network.js";

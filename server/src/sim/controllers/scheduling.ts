/**
 * The scheduler's filter and message logic as pure functions (table-tested): which nodes fit a pod,
 * and the FitError text kube-scheduler 1.32 writes into FailedScheduling events, e.g.
 * `0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available:
 * 3 No preemption victims found for incoming pod.`
 */
import { matchesRequirement, type LabelSelectorRequirement } from "./label-selector.js";
import type { Json } from "./objects.js";
import { podRequests, podTerminal } from "./pod-util.js";
import { parseMilli } from "./quantity.js";

export const NO_NODES_MESSAGE = "no nodes available to schedule pods";
const PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
const NO_VICTIMS = "No preemption victims found for incoming pod";

export interface NodeFailure {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting pods could not help (affinity, taints, cordon). */
  unresolvable: boolean;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if ((t.operator ?? "Equal") === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

function nodeSelectorTermMatches(term: Json, node: Json): boolean {
  const exprs: LabelSelectorRequirement[] = term?.matchExpressions ?? [];
  const fields: LabelSelectorRequirement[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!exprs.every((r) => matchesRequirement(labels, r))) return false;
  return fields.every((r) => matchesRequirement({ "metadata.name": node.metadata.name }, r));
}

/** nodeSelector plus requiredDuringSchedulingIgnoredDuringExecution (terms are ORed). */
export function matchesNodeAffinity(pod: Json, node: Json): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms: Json[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => nodeSelectorTermMatches(t, node))) return false;
  return true;
}

/** Sum of requests and pod count per node, from pods bound to it that have not finished. */
export function nodeUsage(pods: Json[]): Map<string, { requests: Record<string, number>; pods: number }> {
  const usage = new Map<string, { requests: Record<string, number>; pods: number }>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || podTerminal(p)) continue;
    let u = usage.get(node);
    if (!u) usage.set(node, (u = { requests: {}, pods: 0 }));
    u.pods++;
    for (const [k, v] of Object.entries(podRequests(p))) u.requests[k] = (u.requests[k] ?? 0) + v;
  }
  return usage;
}

/** Parsed `status.allocatable` quantities, per frozen (store) allocatable object: a bind scores every node. */
const parsedAllocatable = new WeakMap<object, Map<string, number>>();

/** `parseMilli(allocatable[resource])` (0 when absent), cached while `allocatable` is frozen and so cannot change. */
function allocatableMilli(allocatable: Json, resource: string): number {
  if (allocatable[resource] === undefined) return 0;
  if (!Object.isFrozen(allocatable)) return parseMilli(allocatable[resource]);
  let parsed = parsedAllocatable.get(allocatable);
  if (!parsed) parsedAllocatable.set(allocatable, (parsed = new Map()));
  let v = parsed.get(resource);
  if (v === undefined) parsed.set(resource, (v = parseMilli(allocatable[resource])));
  return v;
}

/**
 * Runs the filter plugins in upstream order; returns undefined when the node fits. `requests` is
 * `podRequests(pod)`, passed in when the caller filters many nodes for one pod.
 */
export function filterNode(
  pod: Json,
  node: Json,
  used: { requests: Record<string, number>; pods: number } | undefined,
  requests: Record<string, number> = podRequests(pod),
): NodeFailure | undefined {
  // NodeUnschedulable
  if (node.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) {
    return { reasons: ["node(s) were unschedulable"], unresolvable: true };
  }
  // TaintToleration (NoSchedule / NoExecute)
  for (const taint of (node.spec?.taints ?? []) as Taint[]) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tolerates(pod.spec?.tolerations, taint)) {
      return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`], unresolvable: true };
    }
  }
  // NodeAffinity
  if (!matchesNodeAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  // NodeResourcesFit
  const reasons: string[] = [];
  const allocatable = node.status?.allocatable ?? {};
  const maxPods = Number(allocatable.pods ?? 110);
  if ((used?.pods ?? 0) + 1 > maxPods) reasons.push("Too many pods");
  for (const resource in requests) {
    const amount = requests[resource]!;
    if (amount <= 0) continue;
    const cap = allocatableMilli(allocatable, resource);
    if (amount > cap - (used?.requests[resource] ?? 0)) reasons.push(`Insufficient ${resource}`);
  }
  if (reasons.length) return { reasons, unresolvable: false };
  return undefined;
}

function histogram(items: string[]): string {
  const counts = new Map<string, number>();
  for (const r of items) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort().join(", ");
}

/** FitError.Error(): filter histogram (or the PreFilter message), then the preemption summary. */
export function fitErrorMessage(numNodes: number, failures: NodeFailure[], preFilterMessage?: string): string {
  let msg = `0/${numNodes} nodes are available:`;
  let postFilter: string[];
  if (preFilterMessage) {
    msg += ` ${preFilterMessage}.`;
    postFilter = Array.from({ length: numNodes }, () => PREEMPTION_NOT_HELPFUL);
  } else {
    msg += ` ${histogram(failures.flatMap((f) => f.reasons))}.`;
    // default priority everywhere, so preemption never finds a lower-priority victim
    postFilter = failures.map((f) => (f.unresolvable ? PREEMPTION_NOT_HELPFUL : NO_VICTIMS));
  }
  msg += ` preemption: 0/${numNodes} nodes are available: ${histogram(postFilter)}.`;
  return msg;
}

/** Scores a feasible node: spread a workload's pods, then least allocated, then fewest pods. */
export function nodeScore(pod: Json, node: Json, used: { requests: Record<string, number>; pods: number } | undefined, sameOwnerOnNode: number): number[] {
  const alloc = node.status?.allocatable ?? {};
  const frac = (r: string) => {
    const cap = allocatableMilli(alloc, r);
    return cap > 0 ? (used?.requests[r] ?? 0) / cap : 1;
  };
  return [sameOwnerOnNode, (frac("cpu") + frac("memory")) / 2, used?.pods ?? 0];
}

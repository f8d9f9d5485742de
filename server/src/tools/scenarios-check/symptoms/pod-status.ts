import type { PodStatusSymptom } from "../../../scenarios/index.js";
import { conditionOf, isLive, labelsMatch, objectsOf, parseLabelSelector } from "../../../engine/recovery.js";
import { podCells } from "../../../sim/resources/pod-status.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/**
 * A non-terminating matching pod shows one of the reasons in kubectl's STATUS column (and the readiness).
 * Polled on the watch snapshot with the STATUS logic kubectl uses (upstream printPod), then confirmed once
 * with real `kubectl get pods -l <selector>` output, which is what a player reads.
 */
export const podStatus: SymptomChecker<PodStatusSymptom> = async (s, ctx) => {
  const wanted = s.anyOf ?? (s.reason ? [s.reason] : []);
  const reqs = parseLabelSelector(s.selector);
  const pods = Object.values(objectsOf(ctx.snapshot, "pods")).filter((p) => isLive(p) && labelsMatch(p.metadata?.labels, reqs));
  const rows = pods.map((p) => ({
    name: p.metadata?.name ?? "?",
    status: podCells(p, ctx.now).status,
    ready: conditionOf(p, "Ready")?.status === "True",
  }));
  const describe = rows.map((r) => `${r.name} ${r.status}${r.ready ? " ready" : " not-ready"}`).join(", ") || `no pods match ${s.selector}`;
  if (!rows.some((r) => (wanted as string[]).includes(r.status) && (s.ready === undefined || r.ready === s.ready))) return notSeen(describe);

  const out = await ctx.kubectl.run(["-n", ctx.namespace, "get", "pods", "-l", s.selector, "--no-headers"]);
  const lines = out.stdout.split("\n").filter((l) => l.trim());
  const match = lines.find((l) => {
    const [, ready, status] = l.trim().split(/\s+/);
    if (!status || !(wanted as string[]).includes(status)) return false;
    if (s.ready === undefined) return true;
    const [have, total] = (ready ?? "").split("/").map(Number);
    return (have === total) === s.ready;
  });
  return match ? seen(`kubectl: ${match.trim()}`) : notSeen(`snapshot: ${describe}; but kubectl get pods printed: ${out.stdout.trim() || out.stderr.trim()}`);
};

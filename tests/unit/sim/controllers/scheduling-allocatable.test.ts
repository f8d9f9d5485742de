/**
 * The scheduler parses a node's allocatable once per frozen (store) object and a pod's requests once per
 * attempt (docs/BENCHMARKS.md, Cluster scale): the answers must not change.
 */
import { describe, expect, it } from "vitest";
import type { Json } from "../../../../server/src/sim/controllers/objects.js";
import { podRequests } from "../../../../server/src/sim/controllers/pod-util.js";
import { filterNode, nodeScore } from "../../../../server/src/sim/controllers/scheduling.js";
import { deepFreeze } from "../../../../server/src/sim/store/json.js";

describe("scheduler filters with cached allocatable", () => {
  const podOf = (memory: string): Json => ({ spec: { containers: [{ name: "a", resources: { requests: { cpu: "500m", memory } } }] } });
  const nodeOf = (memory: string): Json => ({ metadata: { name: "n" }, spec: {}, status: { allocatable: { cpu: "2", memory, pods: "110" } } });

  it("gives the same answers for frozen (store) and mutable nodes, with or without precomputed requests", () => {
    for (const [podMem, nodeMem] of [["1Gi", "4Gi"], ["5Gi", "4Gi"], ["4Gi", "4Gi"]] as const) {
      const p = podOf(podMem);
      const mutable = nodeOf(nodeMem);
      const frozen = deepFreeze(nodeOf(nodeMem));
      const used = { requests: { memory: 2 ** 30 * 1000 }, pods: 1 };
      const want = filterNode(p, mutable, used);
      expect(filterNode(p, frozen, used)).toEqual(want);
      expect(filterNode(p, frozen, used, podRequests(p))).toEqual(want);
      expect(filterNode(p, frozen, used)).toEqual(want); // second call: from the cache
      expect(nodeScore(p, frozen, used, 0)).toEqual(nodeScore(p, mutable, used, 0));
    }
  });

  it("re-reads a mutable allocatable that changed between calls", () => {
    const p = podOf("3Gi");
    const node = nodeOf("4Gi");
    expect(filterNode(p, node, undefined)).toBeUndefined();
    node.status.allocatable.memory = "2Gi";
    expect(filterNode(p, node, undefined)?.reasons).toEqual(["Insufficient memory"]);
  });
});

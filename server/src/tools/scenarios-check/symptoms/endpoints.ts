import type { EndpointsSymptom } from "../../../scenarios/index.js";
import { dig, objectsOf } from "../../../engine/recovery.js";
import { notSeen, seen, type SymptomChecker } from "./types.js";

/** The Service's ready endpoint addresses are empty (or not). A missing Endpoints object counts as empty. */
export const endpoints: SymptomChecker<EndpointsSymptom> = (s, ctx) => {
  const ep = objectsOf(ctx.snapshot, "endpoints")[s.service];
  const subsets = (dig(ep, "subsets") as unknown[] | undefined) ?? [];
  const ready = subsets.flatMap((sub) => ((dig(sub, "addresses") as unknown[] | undefined) ?? []).map((a) => String(dig(a, "ip"))));
  const saw = ep ? `endpoints/${s.service}: ${ready.length ? ready.join(",") : "<none> ready"}` : `no Endpoints object ${s.service}`;
  return (ready.length === 0) === s.empty ? seen(saw) : notSeen(saw);
};

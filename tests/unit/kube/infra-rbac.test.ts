/**
 * infra/k8s/rbac.yaml must stay in step with the code: RBAC escalation prevention only lets
 * Firedrill create the player Role if it holds every permission in it, and the pre-created
 * player ClusterRole must be the one the code would create.
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { playerClusterRole, playerRoleRules, type PolicyRule } from "../../../server/src/kube/team-resources.js";

type Rule = PolicyRule & { resourceNames?: string[] };
const docs = parseAllDocuments(readFileSync("infra/k8s/rbac.yaml", "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string }; rules?: Rule[] });
const firedrill = docs.find((d) => d.kind === "ClusterRole" && d.metadata.name === "firedrill")!;
const sharedRead = docs.find((d) => d.kind === "ClusterRole" && d.metadata.name === "firedrill:player-cluster-read")!;

function covered(rules: Rule[], group: string, resource: string, verb: string): boolean {
  return rules.some(
    (r) => !r.resourceNames && r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
  );
}

describe("infra/k8s/rbac.yaml", () => {
  it("gives Firedrill every permission of the player Role (else creating the Role is an escalation)", () => {
    const missing: string[] = [];
    for (const r of playerRoleRules())
      for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) if (!covered(firedrill.rules!, g, res, v)) missing.push(`${v} ${g}/${res}`);
    expect(missing).toEqual([]);
  });

  it("lets Firedrill impersonate only ServiceAccounts named player, and no groups or users", () => {
    const impersonation = firedrill.rules!.filter((r) => r.verbs.includes("impersonate"));
    expect(impersonation).toEqual([{ apiGroups: [""], resources: ["serviceaccounts"], resourceNames: ["player"], verbs: ["impersonate"] }]);
    expect(firedrill.rules!.some((r) => r.verbs.includes("*") || r.resources.includes("*"))).toBe(false);
  });

  it("pre-creates exactly the shared player ClusterRole the code would create", () => {
    expect(sharedRead.rules).toEqual((playerClusterRole() as unknown as { rules: Rule[] }).rules);
  });
});

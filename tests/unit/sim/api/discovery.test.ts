import { describe, expect, it } from "vitest";
import { aggregatedDiscovery, apiResourceList, legacyApiGroupList, negotiateAggregated } from "../../../../server/src/sim/api/discovery.js";
import { buildOpenApiV3 } from "../../../../server/src/sim/api/openapi.js";

const KUBECTL_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

describe("discovery", () => {
  it("negotiates the aggregated version the client asks for first", () => {
    expect(negotiateAggregated(KUBECTL_DISCOVERY_ACCEPT)).toBe("v2");
    expect(negotiateAggregated("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")).toBe("v2beta1");
    expect(negotiateAggregated("application/json")).toBeUndefined();
    expect(negotiateAggregated(undefined)).toBeUndefined();
  });

  it("/api lists the core group with pods first and their subresources", () => {
    const doc = aggregatedDiscovery(true, "v2");
    expect(doc.items).toHaveLength(1);
    const core = doc.items[0]!;
    expect(core.metadata.name).toBe("");
    const pods = core.versions[0]!.resources[0] as Record<string, unknown>;
    expect(pods).toMatchObject({ resource: "pods", responseKind: { group: "", version: "v1", kind: "Pod" }, scope: "Namespaced", shortNames: ["po"], categories: ["all"] });
    expect((pods.subresources as { subresource: string }[]).map((s) => s.subresource)).toEqual(["eviction", "exec", "log", "proxy", "status"]);
  });

  it("/apis puts deployments/scale in autoscaling/v1 Scale", () => {
    const apps = aggregatedDiscovery(false, "v2").items.find((i) => i.metadata.name === "apps")!;
    const deploy = apps.versions[0]!.resources.find((r) => r.resource === "deployments") as { subresources: unknown[] };
    expect(deploy.subresources).toContainEqual({ subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] });
  });

  it("legacy lists: APIGroupList and per-group-version APIResourceList", () => {
    expect(legacyApiGroupList().groups.map((g) => g.name)).toEqual([
      "apps",
      "networking.k8s.io",
      "rbac.authorization.k8s.io",
      "storage.k8s.io",
      "events.k8s.io",
      "discovery.k8s.io",
      "authorization.k8s.io",
      "authentication.k8s.io",
    ]);
    const apps = apiResourceList("apps", "v1")!;
    expect(apps.groupVersion).toBe("apps/v1");
    expect(apps.resources).toContainEqual({ name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
    expect(apiResourceList("nope", "v1")).toBeUndefined();
  });

  it("openapi v3 declares fieldValidation on each kind's PATCH", () => {
    const api = buildOpenApiV3();
    const url = api.index.paths["apis/apps/v1"]!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = JSON.parse(api.documents.get("apis/apps/v1")!.body);
    const patch = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].patch;
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain("fieldValidation");
    expect(patch.requestBody).toBeUndefined();
  });
});

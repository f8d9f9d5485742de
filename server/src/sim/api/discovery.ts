/**
 * Discovery documents: aggregated (`apidiscovery.k8s.io` v2 / v2beta1) for `/api` and `/apis`, the
 * legacy APIVersions / APIGroupList fallback, and per-group-version APIResourceLists, all generated
 * from the resource registry.
 */
import { apiVersionOf, groupVersions, resourcesIn, RESOURCES, type ResourceDef } from "../resources/registry.js";

export type DiscoveryVersion = "v2" | "v2beta1";

export function aggregatedContentType(v: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

/** Which aggregated discovery version the Accept header asks for first, if any. */
export function negotiateAggregated(accept: string | undefined): DiscoveryVersion | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(",")) {
    const params = part.split(";").map((p) => p.trim());
    if (!params.includes("g=apidiscovery.k8s.io") || !params.includes("as=APIGroupDiscoveryList")) continue;
    if (params.includes("v=v2")) return "v2";
    if (params.includes("v=v2beta1")) return "v2beta1";
  }
  return undefined;
}

function aggregatedResource(r: ResourceDef) {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? "Namespaced" : "Cluster",
    singularResource: r.singular,
    verbs: [...r.verbs],
  };
  if (r.shortNames.length) out.shortNames = [...r.shortNames];
  if (r.categories.length) out.categories = [...r.categories];
  if (r.subresources.length) {
    out.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind ?? r.kind },
      verbs: [...s.verbs],
    }));
  }
  return out;
}

function aggregatedGroup(group: string) {
  const versions = groupVersions().filter((gv) => gv.group === group);
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((gv) => ({ version: gv.version, resources: resourcesIn(gv.group, gv.version).map(aggregatedResource), freshness: "Current" })),
  };
}

export function aggregatedDiscovery(legacy: boolean, v: DiscoveryVersion) {
  const groups = legacy ? [""] : [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== "");
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items: groups.map(aggregatedGroup) };
}

export function legacyApiVersions(serverAddress: string) {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(group: string) {
  const versions = groupVersions().filter((gv) => gv.group === group).map((gv) => ({ groupVersion: apiVersionOf(gv), version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function legacyApiGroupList() {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== "");
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
}

export function apiGroupDoc(group: string) {
  if (!RESOURCES.some((r) => r.group === group)) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group) };
}

export function apiResourceList(group: string, version: string) {
  const defs = resourcesIn(group, version);
  if (!defs.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of defs) {
    const entry: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs] };
    if (r.shortNames.length) entry.shortNames = [...r.shortNames];
    if (r.categories.length) entry.categories = [...r.categories];
    resources.push(entry);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: "", namespaced: r.namespaced };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      sub.kind = s.kind ?? r.kind;
      sub.verbs = [...s.verbs];
      resources.push(sub);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf({ group, version }), resources };
}

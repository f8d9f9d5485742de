/**
 * A minimal OpenAPI v3: one document per group version declaring, for each kind, a PATCH operation
 * with an operation-level `fieldValidation` query parameter. That is all kubectl's
 * query-param verifier needs to send `fieldValidation=Strict` and skip client-side schema validation,
 * which makes `apply` and `edit` work (KUBECTL-PROTOCOL.md §11). No `requestBody`: kubectl then
 * computes strategic merge patches from its compiled-in types.
 */
import { createHash } from "node:crypto";
import { groupVersions, resourcesIn } from "../resources/registry.js";

const KUBE_VERSION = "v1.32.4";

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function gvDocument(group: string, version: string) {
  const paths: Record<string, unknown> = {};
  for (const r of resourcesIn(group, version)) {
    if (r.virtual) continue;
    const base = `/${gvPath(group, version)}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.resource}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${r.namespaced ? "Namespaced" : ""}${r.kind}`,
        parameters: [
          { name: "dryRun", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "fieldManager", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "force", in: "query", schema: { type: "boolean", uniqueItems: true } },
        ],
        responses: { "200": { description: "OK" } },
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group, version, kind: r.kind },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: KUBE_VERSION }, paths, components: { schemas: {} } };
}

export interface OpenApiV3 {
  index: { paths: Record<string, { serverRelativeURL: string }> };
  /** Keyed by "api/v1" / "apis/apps/v1". */
  documents: Map<string, { body: string; hash: string }>;
}

/** Built once: the documents only depend on the static registry. */
export function buildOpenApiV3(): OpenApiV3 {
  const documents = new Map<string, { body: string; hash: string }>();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) {
    const p = gvPath(gv.group, gv.version);
    const body = JSON.stringify(gvDocument(gv.group, gv.version));
    const hash = createHash("sha512").update(body).digest("hex").slice(0, 128).toUpperCase();
    documents.set(p, { body, hash });
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { index: { paths }, documents };
}

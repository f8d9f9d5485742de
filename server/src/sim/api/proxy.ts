/**
 * `services/proxy` and `pods/proxy`: delegated to the node runtime, which knows what each simulated
 * container serves. Without a runtime the answer is computed from the stored Endpoints, as a real
 * apiserver answers a service without ready endpoints.
 */
import type { ResourceCall } from "./context.js";
import { getOrNotFound } from "./crud.js";
import { readBody } from "./http-io.js";
import { ApiError } from "./status.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const ENDPOINTS = { group: "", version: "v1", resource: "endpoints" };

export function hasReadyEndpoints(endpoints: Json | undefined): boolean {
  return (endpoints?.subsets ?? []).some((s: Json) => (s.addresses ?? []).length > 0);
}

export async function handleProxy(call: ResourceCall): Promise<void> {
  const { ctx, info } = call;
  const kind = info.resource === "services" ? "services" : "pods";
  const [objectName] = info.name.split(":");
  getOrNotFound(call, objectName);
  await readBody(call.req); // drain; the runtime proxy is request-line only
  if (!ctx.runtime) {
    if (kind === "services") {
      const ep = ctx.store.get(ENDPOINTS, info.namespace, objectName!);
      if (!hasReadyEndpoints(ep)) throw new ApiError(503, "ServiceUnavailable", `no endpoints available for service "${objectName}"`);
    }
    throw new ApiError(503, "ServiceUnavailable", `error trying to reach ${kind === "services" ? "service" : "pod"}: the simulated cluster has no node runtime attached`);
  }
  const search = call.query.toString();
  const result = await ctx.runtime.proxy({
    kind,
    namespace: info.namespace,
    name: info.name,
    path: (info.proxyPath || "/") + (search ? `?${search}` : ""),
    method: call.req.method ?? "GET",
  });
  call.res.writeHead(result.status, { "Content-Type": result.contentType, "Content-Length": Buffer.byteLength(result.body) });
  call.res.end(result.body);
}

/**
 * Header rewriting between kubectl and the API server. Pure.
 * In: drop the client's credentials and any impersonation, add Firedrill's credentials and
 * impersonate the team's `player` ServiceAccount so the API server's RBAC judges the request too.
 * Out: drop hop-by-hop headers.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/** The ServiceAccount every team request is impersonated as. */
export const PLAYER_SERVICE_ACCOUNT = "player";

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus ones we own. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function impersonatedUser(namespace: string): string {
  return `system:serviceaccount:${namespace}:${PLAYER_SERVICE_ACCOUNT}`;
}

/** The groups Kubernetes gives every ServiceAccount token (client-go impersonation does not add them). */
export function impersonatedGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"];
}

export interface UpstreamHeaderOptions {
  namespace: string;
  /** Firedrill's own credentials for the API server, e.g. `{ authorization: "Bearer …" }`. */
  credentials: Record<string, string>;
  /** Keep `Connection: Upgrade` / `Upgrade` (exec, attach, port-forward). */
  upgrade: boolean;
  /** The proxy must read the body (namespace filtering): ask for identity-encoded JSON. */
  needsPlainJson: boolean;
  /**
   * Also send `Impersonate-Group` for the ServiceAccount groups. Off by default: for a
   * ServiceAccount user with no groups, kube-apiserver (and the sim) add exactly those groups
   * itself, and sending them would force Firedrill's own RBAC to allow impersonating *any* group
   * (the per-namespace group name cannot be listed in resourceNames ahead of time).
   */
  impersonateGroups?: boolean;
}

/**
 * Builds the upstream request headers from `req.headersDistinct`-style input, so repeated headers
 * (e.g. SPDY's five `X-Stream-Protocol-Version` lines) stay separate lines.
 */
export function upstreamRequestHeaders(
  incoming: Record<string, string[] | string | undefined>,
  opts: UpstreamHeaderOptions,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [rawName, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (name === "host" || name === "authorization" || name.startsWith("impersonate-")) continue;
    if (HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  if (opts.upgrade) {
    const up = incoming["upgrade"];
    out["connection"] = "Upgrade";
    out["upgrade"] = Array.isArray(up) ? up.join(", ") : (up ?? "");
  }
  if (opts.needsPlainJson) {
    out["accept-encoding"] = "identity";
    out["accept"] = jsonOnlyAccept(headerString(incoming["accept"]));
  }
  for (const [k, v] of Object.entries(opts.credentials)) out[k.toLowerCase()] = v;
  out["impersonate-user"] = impersonatedUser(opts.namespace);
  if (opts.impersonateGroups) out["impersonate-group"] = impersonatedGroups(opts.namespace);
  return out;
}

function headerString(v: string[] | string | undefined): string {
  return Array.isArray(v) ? v.join(",") : (v ?? "");
}

/** Removes protobuf alternatives from an Accept header (we must parse the body); keeps Table forms. */
export function jsonOnlyAccept(accept: string): string {
  const kept = accept
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && !s.includes("protobuf"));
  return kept.length ? kept.join(",") : "application/json";
}

/** Response headers to pass back to kubectl: everything but hop-by-hop ones. */
export function downstreamResponseHeaders(
  incoming: IncomingHttpHeaders,
  opts: { dropLength?: boolean } = {},
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (opts.dropLength && (name === "content-length" || name === "content-encoding")) continue;
    out[name] = value;
  }
  return out;
}

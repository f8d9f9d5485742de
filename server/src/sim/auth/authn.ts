/**
 * Authentication and impersonation. Bearer tokens map to identities (the sim has no certificates or
 * OIDC); `Impersonate-User`/`Impersonate-Group` are honoured only when the caller may `impersonate`
 * the target users, groups and service accounts, exactly as kube-apiserver's impersonation filter.
 */
import { constantTimeEqual } from "../../core/ids.js";
import { authorize, forbiddenStatusMessage, SYSTEM_AUTHENTICATED, SYSTEM_MASTERS, type Identity, type RbacObjects, type RequestAttributes } from "./rbac.js";

export const ADMIN_USERNAME = "system:admin";
const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

export function adminIdentity(): Identity {
  return { username: ADMIN_USERNAME, groups: [SYSTEM_MASTERS, SYSTEM_AUTHENTICATED] };
}

/** `system:serviceaccount:<ns>:<name>` → its namespace and name, or undefined. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  if (!namespace || !name || rest.length) return undefined;
  return { namespace, name };
}

export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    username: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, SYSTEM_AUTHENTICATED],
  };
}

export class TokenAuthenticator {
  private readonly tokens: { token: string; identity: Identity }[] = [];

  add(token: string, identity: Identity): void {
    this.tokens.push({ token, identity });
  }

  /** The identity for an `Authorization` header value, or undefined (→ 401). */
  authenticate(authorization: string | undefined): Identity | undefined {
    if (!authorization) return undefined;
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (!m) return undefined;
    const presented = m[1]!.trim();
    let found: Identity | undefined;
    // check every entry so timing does not reveal which token matched
    for (const t of this.tokens) if (constantTimeEqual(t.token, presented)) found = t.identity;
    return found;
  }
}

export type ImpersonationResult = { identity: Identity } | { forbidden: string } | { badRequest: string };

/** Applies impersonation headers, checking each `impersonate` permission of the real caller. */
export function impersonate(
  caller: Identity,
  headers: { user?: string; groups: string[]; uid?: string },
  rbac: RbacObjects,
): ImpersonationResult {
  if (!headers.user) {
    if (headers.groups.length) return { badRequest: "requested [{Group  } ] without impersonating a user" };
    return { identity: caller };
  }
  const checks: RequestAttributes[] = [];
  const sa = parseServiceAccountUsername(headers.user);
  if (sa) checks.push({ verb: "impersonate", resourceRequest: true, apiGroup: "", resource: "serviceaccounts", namespace: sa.namespace, name: sa.name });
  else checks.push({ verb: "impersonate", resourceRequest: true, apiGroup: "", resource: "users", name: headers.user });
  for (const g of headers.groups) checks.push({ verb: "impersonate", resourceRequest: true, apiGroup: "", resource: "groups", name: g });
  if (headers.uid) checks.push({ verb: "impersonate", resourceRequest: true, apiGroup: "authentication.k8s.io", resource: "uids", name: headers.uid });
  for (const a of checks) {
    if (!authorize(caller, a, rbac).allowed) return { forbidden: forbiddenStatusMessage(caller, a) };
  }
  let groups = [...headers.groups];
  if (sa && groups.length === 0) groups = serviceAccountIdentity(sa.namespace, sa.name).groups;
  if (headers.user !== "system:anonymous" && !groups.includes(SYSTEM_AUTHENTICATED)) groups.push(SYSTEM_AUTHENTICATED);
  return { identity: { username: headers.user, groups, uid: headers.uid } };
}

/**
 * Kubernetes `Status` bodies the gateway answers with, shaped so kubectl prints them cleanly
 * (`Error from server (Forbidden): …`, KUBECTL-PROTOCOL.md §4).
 */
export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; kind?: string; group?: string; retryAfterSeconds?: number };
  code: number;
}

export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus["details"],
): KubeStatus {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export function forbiddenStatus(message: string, details?: KubeStatus["details"]): KubeStatus {
  return failureStatus(403, "Forbidden", message, details);
}

export function unauthorizedStatus(): KubeStatus {
  return failureStatus(401, "Unauthorized", "Unauthorized");
}

export function tooManyRequestsStatus(retryAfterSeconds: number): KubeStatus {
  return failureStatus(429, "TooManyRequests", "too many failed authentication attempts; retry later", {
    retryAfterSeconds,
  });
}

export function badGatewayStatus(message: string): KubeStatus {
  return failureStatus(502, "InternalError", `an error on the server ("${message}") has prevented the request from succeeding`);
}

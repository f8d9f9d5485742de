/**
 * A team's kubeconfig: the gateway URL, the gateway CA (so no insecure-skip-tls-verify is needed),
 * the team's bearer token, and a context whose default namespace is the team's namespace.
 */
import { stringify } from "yaml";
import type { GatewayTeam } from "./scope.js";

export interface TeamKubeconfigInput {
  /** `https://host:port` players reach the gateway at. */
  gatewayUrl: string;
  /** PEM of the CA that signed the gateway's serving certificate. */
  caPem: string;
  token: string;
  team: GatewayTeam;
}

/** `firedrill-<game>-<team-slug>`: cluster/context/user names that don't collide across games. */
export function kubeconfigContextName(team: GatewayTeam): string {
  return `firedrill-${team.namespace.replace(/^fd-/, "")}`;
}

export function renderTeamKubeconfig(input: TeamKubeconfigInput): string {
  const url = new URL(input.gatewayUrl);
  if (url.protocol !== "https:") {
    // kubectl sends no credentials over plain http (KUBECTL-PROTOCOL.md §0.2)
    throw new Error(`gateway URL must be https, got ${input.gatewayUrl}`);
  }
  const name = kubeconfigContextName(input.team);
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: [
      {
        name,
        cluster: {
          server: url.origin,
          "certificate-authority-data": Buffer.from(input.caPem, "utf8").toString("base64"),
        },
      },
    ],
    users: [{ name, user: { token: input.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: input.team.namespace } }],
    "current-context": name,
  };
  return stringify(doc, { lineWidth: 0 });
}

/**
 * The slice of kube/'s Cluster that scenario mutations use. Typed structurally so the appliers can be
 * exercised against the real Cluster (sim or real cluster) and nothing else needs to know about them.
 */
import type { Cluster } from "../../kube/index.js";

export type MutationCluster = Pick<Cluster, "get" | "list" | "apply" | "patch" | "delete" | "scale">;

/** apiVersion of the kinds scenarios touch; the API path needs it, scenario authors write only the kind. */
export const KIND_API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  Pod: "v1",
  Service: "v1",
  Endpoints: "v1",
  ConfigMap: "v1",
  Secret: "v1",
  ServiceAccount: "v1",
  PersistentVolumeClaim: "v1",
  PersistentVolume: "v1",
  ResourceQuota: "v1",
  LimitRange: "v1",
  Namespace: "v1",
  Ingress: "networking.k8s.io/v1",
  NetworkPolicy: "networking.k8s.io/v1",
  Role: "rbac.authorization.k8s.io/v1",
  RoleBinding: "rbac.authorization.k8s.io/v1",
  StorageClass: "storage.k8s.io/v1",
};

export function objectRef(target: { kind: string; name: string }): { apiVersion: string; kind: string; name: string } {
  const apiVersion = KIND_API_VERSIONS[target.kind];
  if (!apiVersion) throw new Error(`scenario mutation: unsupported kind "${target.kind}" (known: ${Object.keys(KIND_API_VERSIONS).join(", ")})`);
  return { apiVersion, kind: target.kind, name: target.name };
}

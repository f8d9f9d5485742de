/**
 * Image references as containerd normalises them: `nginx` → `docker.io/library/nginx:latest`,
 * `curlimages/curl:8.11.0` → `docker.io/curlimages/curl:8.11.0`. Pure; shared by the image catalog
 * (scenarios) and the simulated kubelet (sim).
 */
import { createHash } from "node:crypto";
export const DEFAULT_REGISTRY = "docker.io";
export const DEFAULT_TAG = "latest";

export interface ImageRef {
  /** As written in the pod spec. */
  raw: string;
  /** Registry host, e.g. "docker.io". */
  registry: string;
  /** Fully qualified repository, e.g. "docker.io/library/nginx". */
  repository: string;
  tag?: string;
  digest?: string;
  /** `repository:tag` or `repository@digest`, as containerd prints it in errors. */
  normalized: string;
}

/** Parses an image reference; returns undefined for one containerd would reject as malformed. */
export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split("/");
  let registry = DEFAULT_REGISTRY;
  if (parts.length > 1 && (parts[0]!.includes(".") || parts[0]!.includes(":") || parts[0] === "localhost")) {
    registry = parts.shift()!;
  }
  if (registry === "index.docker.io") registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift("library");
  const path = parts.join("/");
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return undefined;
  if (!tag && !digest) tag = DEFAULT_TAG;
  const repository = `${registry}/${path}`;
  const normalized = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  return { raw: text, registry, repository, tag, digest, normalized };
}

/** The pull policy the API server defaults: Always for `:latest` or no tag, IfNotPresent otherwise. */
export function defaultPullPolicy(raw: string): "Always" | "IfNotPresent" {
  const ref = parseImageRef(raw);
  return !ref || (ref.tag === DEFAULT_TAG && !ref.digest) ? "Always" : "IfNotPresent";
}

/** A stable fake digest per image name, so the simulated `imageID` looks real and never changes. */
export function imageDigest(normalized: string): string {
  return `sha256:${createHash("sha256").update(normalized).digest("hex")}`;
}

/**
 * What pulling an image gives, decided by the image catalog: the `Pulled` facts or the exact
 * containerd error a real node reports. Pure (randomness is injected).
 */
import type { ImageCatalog, ImageSpec, TagSpec } from "../../scenarios/image-catalog.js";
import type { RandomSource } from "../../core/index.js";
import { imageDigest, parseImageRef, type ImageRef } from "../../core/image-ref.js";

/** Pull times vary by ±this fraction around the catalog's `pullTime`. */
export const PULL_JITTER_FRACTION = 0.25;
/** Where the node's resolver is (appears in "no such host" errors). */
export const NODE_RESOLVER = "10.0.0.2:53";

export type PullOutcome =
  | { ok: true; ref: ImageRef; image: ImageSpec; tag: TagSpec; sizeBytes: number; durationMs: number; imageID: string }
  | { ok: false; ref?: ImageRef; message: string };

export interface PullInput {
  catalog: ImageCatalog;
  image: string;
  /** The pod (or its ServiceAccount) names at least one imagePullSecret that exists. */
  hasPullSecret: boolean;
  random: RandomSource;
}

export function resolvePull(input: PullInput): PullOutcome {
  const ref = parseImageRef(input.image);
  if (!ref) return { ok: false, message: `couldn't parse image name "${input.image}": invalid reference format` };
  const n = ref.normalized;
  const prefix = `failed to pull and unpack image "${n}": failed to resolve reference "${n}"`;
  if (!input.catalog.registries.includes(ref.registry)) {
    const path = ref.repository.slice(ref.registry.length + 1);
    const head = `https://${ref.registry}/v2/${path}/manifests/${ref.digest ?? ref.tag}`;
    return { ok: false, ref, message: `rpc error: code = Unknown desc = ${prefix}: failed to do request: Head "${head}": dial tcp: lookup ${ref.registry} on ${NODE_RESOLVER}: no such host` };
  }
  const denied = `rpc error: code = Unknown desc = ${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  const image = input.catalog.find(ref.repository);
  // Docker Hub answers an unknown repository exactly like a private one.
  if (!image) return { ok: false, ref, message: ref.registry === "docker.io" ? denied : `rpc error: code = NotFound desc = ${prefix}: ${n}: not found` };
  if (image.private && !input.hasPullSecret) return { ok: false, ref, message: denied };
  const found = input.catalog.resolve(ref);
  if (!found) return { ok: false, ref, message: `rpc error: code = NotFound desc = ${prefix}: ${n}: not found` };
  const jitter = 1 + (input.random() * 2 - 1) * PULL_JITTER_FRACTION;
  return {
    ok: true,
    ref,
    image: found.image,
    tag: found.tag,
    sizeBytes: found.tag.sizeBytes ?? image.sizeBytes,
    durationMs: Math.max(1, Math.round(image.pullTime * jitter)),
    imageID: `${ref.repository}@${imageDigest(`${ref.repository}:${found.tag.name}`)}`,
  };
}

/** Go's time.Duration.String() for a millisecond duration: "512ms", "1.234s", "1m4.5s". */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, "");
  return minutes ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** The `Pulled` event message of kubelet 1.32. */
export function pulledMessage(image: string, durationMs: number, sizeBytes: number): string {
  const d = formatGoDuration(durationMs);
  return `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${sizeBytes} bytes.`;
}

import { z } from "zod";
import { TargetRef } from "../common.js";

/**
 * `imageNotIn: {target, container?, repositories}`: holds while the container's image repository (the image
 * reference without tag or digest) is none of `repositories` — the app was replaced, not repaired.
 * `container` defaults to every container of the pod template.
 */
export const ImageNotInForbid = z
  .strictObject({
    target: TargetRef,
    container: z.string().optional(),
    repositories: z.array(z.string().min(1)).min(1),
  })
  .meta({ description: "Holds when the workload runs an image from another repository." });
export type ImageNotInForbid = z.output<typeof ImageNotInForbid>;

/** `ghcr.io/x/y:1.0` → `ghcr.io/x/y`; `a/b@sha256:..` → `a/b`; `host:5000/img:tag` → `host:5000/img`. */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
}

import { describe, expect, test } from "vitest";
import { defaultPullPolicy, imageDigest, parseImageRef } from "../../../server/src/core/image-ref.js";

describe("image references are normalised like containerd", () => {
  test.each([
    ["nginx", "docker.io/library/nginx", "latest"],
    ["nginx:1.27", "docker.io/library/nginx", "1.27"],
    ["postgres:16.4", "docker.io/library/postgres", "16.4"],
    ["docker.io/library/postgres:16.4", "docker.io/library/postgres", "16.4"],
    ["curlimages/curl:8.11.0", "docker.io/curlimages/curl", "8.11.0"],
    ["ghcr.io/firedrill-game/taskmaster-backend:1.0", "ghcr.io/firedrill-game/taskmaster-backend", "1.0"],
    ["localhost:5000/app:v1", "localhost:5000/app", "v1"],
  ])("%s", (raw, repository, tag) => {
    expect(parseImageRef(raw)).toMatchObject({ repository, tag });
  });

  test.each(["Nginx:1.27", "nginx:", "nginx::1", "ng inx", ""])("rejects %j", (raw) => {
    expect(parseImageRef(raw)).toBeUndefined();
  });

  test("pull policy defaults: Always for latest or no tag", () => {
    expect(defaultPullPolicy("nginx")).toBe("Always");
    expect(defaultPullPolicy("nginx:latest")).toBe("Always");
    expect(defaultPullPolicy("nginx:1.27")).toBe("IfNotPresent");
  });
});

test("imageDigest is stable and looks like a sha256 digest", () => {
  expect(imageDigest("docker.io/library/nginx:1.27")).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(imageDigest("docker.io/library/nginx:1.27")).toBe(imageDigest("docker.io/library/nginx:1.27"));
});

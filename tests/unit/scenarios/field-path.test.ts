import { describe, expect, it } from "vitest";
import { imageRepository, parseFieldPath, readField, httpStatusMatches, kindOf } from "../../../server/src/scenarios/index.js";

const DEPLOY = {
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: "sidecar", image: "s:1" }, { name: "web", image: "ghcr.io/x/web:1.0", ports: [{ containerPort: 80 }] }] } },
  },
  metadata: { labels: { "app.kubernetes.io/part-of": "taskmaster" } },
};

describe("readField", () => {
  it.each([
    ["spec.replicas", 2],
    ["spec.template.spec.containers[1].image", "ghcr.io/x/web:1.0"],
    ["spec.template.spec.containers[name=web].image", "ghcr.io/x/web:1.0"],
    ["spec.template.spec.containers[name=web].ports[0].containerPort", 80],
    ['metadata.labels["app.kubernetes.io/part-of"]', "taskmaster"],
    ["spec.template.spec.containers[name=nope].image", undefined],
    ["spec.missing.deeper", undefined],
    ["spec.replicas.x", undefined],
    ["spec.template.spec.containers[9]", undefined],
  ])("%s → %j", (path, expected) => {
    expect(readField(DEPLOY, path)).toEqual(expected);
  });

  it.each(["", ".spec", "spec..x", "spec[", "spec[x"])("rejects %j", (path) => {
    expect(() => parseFieldPath(path)).toThrow();
  });
});

describe("imageRepository", () => {
  it.each([
    ["ghcr.io/firedrill-game/taskmaster-frontend:1.0", "ghcr.io/firedrill-game/taskmaster-frontend"],
    ["nginx", "nginx"],
    ["localhost:5000/app:tag", "localhost:5000/app"],
    ["localhost:5000/app", "localhost:5000/app"],
    ["repo/app@sha256:abc", "repo/app"],
  ])("%s → %s", (image, repo) => {
    expect(imageRepository(image)).toBe(repo);
  });
});

describe("httpStatusMatches and kindOf", () => {
  it.each([
    ["2xx", 204, true],
    ["2xx", 301, false],
    ["5xx", 503, true],
    [503, 503, true],
    [503, 502, false],
  ] as const)("%s vs %d → %s", (expected, code, result) => {
    expect(httpStatusMatches(expected, code)).toBe(result);
  });

  it("kindOf returns the single kind key and its spec", () => {
    expect(kindOf({ podsReady: { selector: "app=x" } })).toEqual(["podsReady", { selector: "app=x" }]);
    expect(() => kindOf({})).toThrow();
  });
});

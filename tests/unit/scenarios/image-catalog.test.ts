import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ImageCatalogError, formatIssuePath, loadImageCatalog, parseImageCatalog } from "../../../server/src/scenarios/image-catalog.js";

const ROOT = join(import.meta.dirname, "../../..");

function minimal(image: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    registries: ["docker.io"],
    images: [{ repository: "docker.io/library/nginx", tags: ["1.27"], sizeBytes: 1000, pullTime: "1s", ...image }],
  };
}

function issuesOf(doc: unknown): { path: string; message: string }[] {
  try {
    parseImageCatalog(doc, "test.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(ImageCatalogError);
    return (err as ImageCatalogError).issues;
  }
  throw new Error("expected the catalog to be rejected");
}

describe("scenarios/images.yaml", () => {
  const catalog = loadImageCatalog(join(ROOT, "scenarios/images.yaml"));

  test("has the TaskMaster images with tags 1.0 and 1.1 and the generic images players run", () => {
    for (const repo of ["ghcr.io/firedrill-game/taskmaster-frontend", "ghcr.io/firedrill-game/taskmaster-backend"]) {
      expect(catalog.find(repo)?.tags.map((t) => t.name)).toEqual(["1.0", "1.1"]);
    }
    expect(catalog.find("docker.io/library/postgres")?.tags.map((t) => t.name)).toContain("16.4");
    for (const repo of ["docker.io/library/busybox", "docker.io/library/nginx", "docker.io/curlimages/curl", "docker.io/library/alpine", "registry.k8s.io/pause"]) {
      expect(catalog.find(repo), repo).toBeDefined();
    }
    expect(catalog.find("docker.io/library/ngnix")).toBeUndefined();
  });

  test("resolve finds an image reference's image and tag, or nothing", () => {
    expect(catalog.resolve("postgres:16.4")).toMatchObject({ image: { repository: "docker.io/library/postgres" }, tag: { name: "16.4", version: "16.4" } });
    expect(catalog.resolve("ghcr.io/firedrill-game/taskmaster-backend:1.1")?.tag.name).toBe("1.1");
    expect(catalog.resolve("ghcr.io/firedrill-game/taskmaster-backend:2.0")).toBeUndefined();
    expect(catalog.resolve("nginx")?.tag.name).toBe("latest");
    expect(catalog.resolve("ngnix:1.27")).toBeUndefined();
    expect(catalog.resolve("Not A Ref")).toBeUndefined();
  });

  test("durations are parsed to milliseconds and defaults are filled in", () => {
    const backend = catalog.find("ghcr.io/firedrill-game/taskmaster-backend")!;
    expect(backend.pullTime).toBe(1800);
    expect(backend.app!.startTime).toBe(2000);
    expect(backend.app!.dependencies.tcp[0]).toMatchObject({ name: "database", address: "$(DB_HOST):$(DB_PORT)", retryEvery: 5000, onFailure: "degrade" });
    expect(backend.app!.dependencies.kubernetesApi[0]).toMatchObject({ verb: "get", resource: "configmaps", resourceName: "backend-config", group: "" });
    expect(backend.private).toBe(false);
    expect(catalog.find("ghcr.io/firedrill-game/taskmaster-reports")!.private).toBe(true);
  });
});

describe("catalog schema errors name the file and the field path", () => {
  test.each([
    ["unknown field", minimal({ colour: "blue" }), "images[0]", /Unrecognized key.*colour/],
    ["bad duration", minimal({ pullTime: "fast" }), "images[0].pullTime", /invalid duration "fast"/],
    ["tag not a string", minimal({ tags: [1.27] }), "images[0].tags[0]", /./],
    ["repository without registry", minimal({ repository: "nginx" }), "images[0].repository", /registry\/path/],
    ["probe path not absolute", minimal({ app: { memoryMiB: 8, startTime: "1s", endpoints: [{ path: "healthz", port: 80, healthy: { status: 200 } }] } }), "images[0].app.endpoints[0].path", /must start with \//],
    ["status out of range", minimal({ app: { memoryMiB: 8, startTime: "1s", endpoints: [{ path: "/", port: 80, healthy: { status: 999 } }] } }), "images[0].app.endpoints[0].healthy.status", /./],
    ["bad dependency mode", minimal({ app: { memoryMiB: 8, startTime: "1s", dependencies: { tcp: [{ name: "db", address: "db:5432", onFailure: "explode", errors: { nxdomain: "", refused: "", timeout: "" } }] } } }), "images[0].app.dependencies.tcp[0].onFailure", /./],
    ["app and defaultExit together", minimal({ app: { memoryMiB: 8, startTime: "1s" }, defaultExit: { exitCode: 0 } }), "images[0].app", /either app or defaultExit/],
    ["missing registries", { images: [] }, "registries", /./],
  ])("%s", (_name, doc, path, message) => {
    const issues = issuesOf(doc);
    const hit = issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  test("duplicate repositories are rejected", () => {
    const doc = minimal();
    (doc.images as unknown[]).push((doc.images as unknown[])[0]);
    expect(issuesOf(doc)).toEqual([{ path: "images[1].repository", message: "duplicate of images[0]" }]);
  });

  test("the error message names the file and each path", () => {
    const dir = mkdtempSync(join(tmpdir(), "catalog-"));
    const file = join(dir, "images.yaml");
    writeFileSync(file, "registries: [docker.io]\nimages:\n  - repository: docker.io/library/nginx\n    tags: []\n    sizeBytes: 1\n    pullTime: 1s\n");
    expect(() => loadImageCatalog(file)).toThrow(`${file}: images[0].tags:`);
    writeFileSync(file, "registries: [docker.io\n");
    expect(() => loadImageCatalog(file)).toThrow(/invalid YAML/);
    expect(() => loadImageCatalog(join(dir, "missing.yaml"))).toThrow(/cannot read image catalog/);
  });

  test("top-level x- keys hold anchors and are ignored", () => {
    const catalog = parseImageCatalog({ "x-tools": ["sh"], ...minimal() });
    expect(catalog.images).toHaveLength(1);
  });

  test("formatIssuePath", () => {
    expect(formatIssuePath(["images", 3, "tags", 0])).toBe("images[3].tags[0]");
    expect(formatIssuePath([])).toBe("(root)");
  });
});

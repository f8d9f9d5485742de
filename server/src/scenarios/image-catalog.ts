/**
 * The image catalog (scenarios/images.yaml): how each container image behaves in the simulated
 * cluster. The sim's kubelet pulls, starts, probes and crashes containers only as described here,
 * so "broken" looks like it does on a real cluster. Anything not in the catalog does not exist.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "../core/duration.js";
import { imageDigest, parseImageRef, type ImageRef } from "../core/image-ref.js";

/** A duration string with a unit ("1.5s", "300ms"), parsed to milliseconds. */
const Duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
    return z.NEVER;
  }
});

const Port = z.number().int().min(1).max(65535);

/** An HTTP answer of the app model. `body` may use `$(VAR)` (container env) and `{pod}`/`{namespace}`. */
const HttpAnswer = z.strictObject({
  status: z.number().int().min(100).max(599),
  body: z.string().default(""),
  contentType: z.string().default("text/plain; charset=utf-8"),
});

/**
 * One HTTP path the app serves. The answer depends on the app's state: `starting` until the start
 * time has passed, `dependencyDown` while any dependency in `requires` is failing, else `healthy`.
 * With `proxyTo` the request is forwarded upstream (like nginx `proxy_pass`) and the upstream answer,
 * or a 502/504, is returned instead of `healthy`.
 */
const Endpoint = z.strictObject({
  /** Exact path, or a prefix ending in "*" ("/api/*"). */
  path: z.string().regex(/^\//, "must start with /"),
  port: Port,
  requires: z.array(z.string()).default([]),
  /** Answer while starting; omitted → the port is not open yet (connection refused). */
  starting: HttpAnswer.optional(),
  healthy: HttpAnswer,
  dependencyDown: HttpAnswer.optional(),
  /** Upstream base URL, e.g. "$(BACKEND_URL)"; the request path is appended. */
  proxyTo: z.string().optional(),
});

/** An env var the process needs; when missing (or not matching `pattern`) it logs and exits. */
const EnvRequirement = z.strictObject({
  name: z.string().min(1),
  pattern: z.string().optional(),
  log: z.array(z.string()).min(1),
  exitCode: z.number().int().min(0).max(255).default(1),
});

/** A file the process reads at start (usually a mounted ConfigMap/Secret key). */
const FileRequirement = z.strictObject({
  path: z.string().regex(/^\//, "must be absolute"),
  log: z.array(z.string()).min(1),
  exitCode: z.number().int().min(0).max(255).default(1),
});

/** Words used in `{error}` for each way a TCP connection fails, in the app's own language. */
const ConnectErrors = z.strictObject({
  nxdomain: z.string(),
  refused: z.string(),
  timeout: z.string(),
});

/** A `host:port` the app must reach (through cluster DNS, Services and NetworkPolicies). */
const TcpDependency = z.strictObject({
  name: z.string().min(1),
  /** `host:port`, with `$(VAR)` taken from the container's env. */
  address: z.string().min(3),
  /**
   * "crash": exit at start when unreachable; "degrade": keep running and fail what `requires` it;
   * "crash-on-nxdomain": exit at start only when the name does not resolve (nginx resolving its
   * upstream at config load), else degrade.
   */
  onFailure: z.enum(["crash", "degrade", "crash-on-nxdomain"]),
  exitCode: z.number().int().min(0).max(255).default(1),
  /** How often the app re-checks (and logs) while the dependency is down. */
  retryEvery: Duration.default(5_000),
  /** Logged on each failed check; `{error}` is one of `errors`, `{host}`, `{port}`, `{ip}` as resolved. */
  log: z.string().optional(),
  /** Logged before exiting when the failure crashes the app. */
  crashLog: z.array(z.string()).default([]),
  /** Logged when the dependency is reachable for the first time, or again after failing. */
  okLog: z.string().optional(),
  errors: ConnectErrors,
});

/** A Kubernetes API call the app makes as its pod's ServiceAccount. */
const ApiDependency = z.strictObject({
  name: z.string().min(1),
  verb: z.enum(["get", "list", "watch"]),
  group: z.string().default(""),
  resource: z.string().min(1),
  /** Object name for `get`; may use `$(VAR)`. */
  resourceName: z.string().optional(),
  onFailure: z.enum(["crash", "degrade"]).default("degrade"),
  exitCode: z.number().int().min(0).max(255).default(1),
  retryEvery: Duration.default(10_000),
  /** Logged on each failed call; `{error}` is the API's Status message. */
  log: z.string(),
  /** Logged when the call succeeds for the first time, or again after failing. */
  okLog: z.string().optional(),
});

/** The long-running process of a server image. */
const App = z.strictObject({
  ports: z.array(Port).default([]),
  /** Resident memory once started, in MiB; a lower `limits.memory` gets the container OOMKilled. */
  memoryMiB: z.number().positive(),
  /** Time from process start to serving, in simulated time. */
  startTime: Duration,
  env: z.array(EnvRequirement).default([]),
  files: z.array(FileRequirement).default([]),
  dependencies: z
    .strictObject({
      tcp: z.array(TcpDependency).default([]),
      kubernetesApi: z.array(ApiDependency).default([]),
    })
    .default({ tcp: [], kubernetesApi: [] }),
  endpoints: z.array(Endpoint).default([]),
  logs: z
    .strictObject({
      /** Printed as the process starts (spread over the start time). */
      startup: z.array(z.string()).default([]),
      /** Printed once the start time has passed. */
      ready: z.array(z.string()).default([]),
      /** Printed every `every` while running. */
      steady: z.strictObject({ every: Duration, lines: z.array(z.string()).min(1) }).optional(),
      /** One line per HTTP request served (probes included), like an access log. */
      access: z.string().optional(),
      /** Error log line when a `proxyTo` upstream fails: `{error}` (from `proxyErrors`), `{path}`, `{upstream}`, `{clientIp}`. */
      proxyError: z.string().optional(),
      /** Printed on SIGTERM. */
      shutdown: z.array(z.string()).default([]),
    })
    .default({ startup: [], ready: [], shutdown: [] }),
  /**
   * The app's own binary (the image's first CMD word) run with other arguments, e.g. a typo in
   * `command:`/`args:`: what it logs (`{arg1}` = first argument, `{args}` = all) and its exit code.
   */
  otherArgs: z.strictObject({ log: z.array(z.string()).min(1), exitCode: z.number().int().min(0).max(255).default(1) }).optional(),
  /** Words for `{error}` in `logs.proxyError`. */
  proxyErrors: ConnectErrors.optional(),
  /** Exit code after SIGTERM (143 = killed by the signal; nginx and friends exit 0). */
  stopExitCode: z.number().int().min(0).max(255).default(0),
  /** Lines `ps` shows besides PID 1, e.g. nginx workers. */
  extraProcesses: z.array(z.string()).default([]),
});

/** What the image's own command does when it is not a server (busybox `sh` with no tty exits at once). */
const DefaultExit = z.strictObject({
  exitCode: z.number().int().min(0).max(255),
  log: z.array(z.string()).default([]),
});

/** A tag; a bare string is a tag that behaves like the image's defaults. */
const Tag = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    /** Version string for `{version}` in log lines (defaults to the tag). */
    version: z.string().optional(),
    sizeBytes: z.number().int().positive().optional(),
    memoryMiB: z.number().positive().optional(),
    /** A broken release: the app logs these lines and exits soon after start. */
    crash: z.strictObject({ after: Duration.default(500), log: z.array(z.string()).min(1), exitCode: z.number().int().min(0).max(255).default(1) }).optional(),
  }),
]);

const Image = z
  .strictObject({
    /** Fully qualified repository, e.g. "docker.io/library/postgres" (also matches "postgres"). */
    repository: z.string().regex(/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/, "must be registry/path, e.g. docker.io/library/nginx"),
    private: z.boolean().default(false),
    tags: z.array(Tag).min(1),
    /** Compressed size for the `Pulled` event, in bytes. */
    sizeBytes: z.number().int().positive(),
    /** Typical pull time at full speed, in simulated time. */
    pullTime: Duration,
    /** The image's ENTRYPOINT and CMD, as `docker inspect` shows them. */
    entrypoint: z.array(z.string()).default([]),
    cmd: z.array(z.string()).default([]),
    /** Executables on the image's PATH: what `command:` overrides and `kubectl exec` can run. */
    binaries: z.array(z.string()).default([]),
    /** Present for server images: their default process is this app. */
    app: App.optional(),
    /** Present for tool images whose default command exits. */
    defaultExit: DefaultExit.optional(),
    /** Working directory, for `pwd`. */
    workingDir: z.string().default("/"),
    /** Extra files visible in the image (path → content), e.g. /etc/nginx/conf.d/default.conf. */
    files: z.record(z.string(), z.string()).default({}),
  })
  .refine((img) => !(img.app && img.defaultExit), { message: "set either app or defaultExit, not both", path: ["app"] });

export const ImageCatalogSchema = z.strictObject({
  /** Registry hosts that answer (others fail DNS like a typo'd registry). */
  registries: z.array(z.string().min(1)).min(1),
  images: z.array(Image),
});

export type ImageCatalogInput = z.input<typeof ImageCatalogSchema>;
type ParsedImage = z.output<typeof Image>;
export type AppSpec = z.output<typeof App>;
export type EndpointSpec = z.output<typeof Endpoint>;
export type HttpAnswerSpec = z.output<typeof HttpAnswer>;
export type TcpDependencySpec = z.output<typeof TcpDependency>;
export type ApiDependencySpec = z.output<typeof ApiDependency>;
export type EnvRequirementSpec = z.output<typeof EnvRequirement>;

export interface TagSpec {
  name: string;
  version?: string;
  sizeBytes?: number;
  memoryMiB?: number;
  crash?: { after: number; log: string[]; exitCode: number };
}

export interface ImageSpec extends Omit<ParsedImage, "tags"> {
  tags: TagSpec[];
}

export interface ImageCatalog {
  registries: string[];
  images: ImageSpec[];
  /** Finds an image by fully qualified repository (`docker.io/library/postgres`). */
  find(repository: string): ImageSpec | undefined;
  /**
   * The image and tag a reference names (`postgres:16.4`, `ghcr.io/x/y:1.0`, `repo@sha256:…`), or
   * undefined when pulling it would fail with "not found" (unknown repository or tag, bad name).
   */
  resolve(image: string | ImageRef): { ref: ImageRef; image: ImageSpec; tag: TagSpec } | undefined;
}

/** Thrown for a catalog that does not validate; the message names the file and each field path. */
export class ImageCatalogError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ImageCatalogError";
  }
}

/** `images[3].tags[0]` from zod's path array. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(root)";
}

/** Validates an already-parsed catalog document; `source` names it in error messages. */
export function parseImageCatalog(doc: unknown, source = "images.yaml"): ImageCatalog {
  const result = ImageCatalogSchema.safeParse(withoutExtensionKeys(doc));
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
    throw new ImageCatalogError(`${source}: invalid image catalog:\n${issues.map((i) => `  ${source}: ${i.path}: ${i.message}`).join("\n")}`, issues);
  }
  const parsed = result.data;
  const images: ImageSpec[] = parsed.images.map((img) => ({
    ...img,
    tags: img.tags.map((t) => (typeof t === "string" ? { name: t } : t)),
  }));
  const seen = new Map<string, number>();
  const dupes: { path: string; message: string }[] = [];
  images.forEach((img, i) => {
    if (seen.has(img.repository)) dupes.push({ path: `images[${i}].repository`, message: `duplicate of images[${seen.get(img.repository)}]` });
    seen.set(img.repository, i);
  });
  if (dupes.length) throw new ImageCatalogError(`${source}: invalid image catalog:\n${dupes.map((d) => `  ${source}: ${d.path}: ${d.message}`).join("\n")}`, dupes);
  const byRepo = new Map(images.map((img) => [img.repository, img]));
  const resolve: ImageCatalog["resolve"] = (image) => {
    const ref = typeof image === "string" ? parseImageRef(image) : image;
    const spec = ref && byRepo.get(ref.repository);
    if (!ref || !spec) return undefined;
    const tag = ref.digest
      ? spec.tags.find((t) => imageDigest(`${ref.repository}:${t.name}`) === ref.digest)
      : spec.tags.find((t) => t.name === ref.tag);
    return tag ? { ref, image: spec, tag } : undefined;
  };
  return { registries: parsed.registries, images, find: (repository) => byRepo.get(repository), resolve };
}

/** Top-level `x-…` keys hold YAML anchors (as in docker compose files); they are not catalog fields. */
function withoutExtensionKeys(doc: unknown): unknown {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return doc;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("x-")));
}

/** Reads and validates scenarios/images.yaml (or any catalog file). */
export function loadImageCatalog(path: string): ImageCatalog {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ImageCatalogError(`${path}: cannot read image catalog: ${(err as Error).message}`, []);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ImageCatalogError(`${path}: invalid YAML: ${(err as Error).message}`, []);
  }
  return parseImageCatalog(doc, path);
}

/**
 * The app model: how a running container of a catalog image answers HTTP, given its state
 * (starting / healthy / dependency down). Template rendering for catalog log lines and bodies.
 * Pure: dependency status and upstream calls are passed in.
 */
import type { EndpointSpec, HttpAnswerSpec, ImageSpec, TagSpec } from "../../scenarios/image-catalog.js";

export interface TemplateContext {
  now: number;
  env: Record<string, string>;
  tag?: TagSpec;
  pod?: string;
  namespace?: string;
  podIp?: string;
  hostIp?: string;
  /** Extra `{name}` values (access-log fields, `{error}`, `{host}`…). */
  vars?: Record<string, string | number>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function timeVars(ms: number): Record<string, string> {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return {
    iso: d.toISOString(),
    pgTime: `${date} ${time}.${pad(d.getUTCMilliseconds(), 3)} UTC`,
    nginxTime: `${date.replace(/-/g, "/")} ${time}`,
    httpDate: `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${time} +0000`,
  };
}

/** Renders `$(VAR)` from env (unset → empty, as a shell would) and `{name}` placeholders. */
export function renderTemplate(text: string, ctx: TemplateContext): string {
  const braces: Record<string, string | number | undefined> = {
    ...timeVars(ctx.now),
    tag: ctx.tag?.name,
    version: ctx.tag?.version ?? ctx.tag?.name,
    pod: ctx.pod,
    namespace: ctx.namespace,
    podIp: ctx.podIp,
    hostIp: ctx.hostIp,
    ...ctx.vars,
  };
  return text
    .replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_m, name: string) => ctx.env[name] ?? "")
    .replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (m, name: string) => (braces[name] !== undefined ? String(braces[name]) : m));
}

/** The endpoint serving `path` on `port`: exact paths first, then the longest matching prefix. */
export function matchEndpoint(endpoints: EndpointSpec[], port: number, path: string): EndpointSpec | undefined {
  const clean = path.split("?")[0] || "/";
  const onPort = endpoints.filter((e) => e.port === port);
  const exact = onPort.find((e) => !e.path.endsWith("*") && e.path === clean);
  if (exact) return exact;
  let best: EndpointSpec | undefined;
  for (const e of onPort) {
    if (!e.path.endsWith("*")) continue;
    const prefix = e.path.slice(0, -1);
    if ((clean.startsWith(prefix) || clean === prefix.replace(/\/$/, "")) && (!best || prefix.length > best.path.length - 1)) best = e;
  }
  return best;
}

export type AppPhase = "starting" | "running";

export interface HttpRequestModel {
  port: number;
  path: string;
  method: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

/**
 * What the app says; or that nothing listens yet (connection refused); or that the port speaks
 * another protocol (postgres on 5432 closes the connection on an HTTP request).
 */
export type AppHttpResult = { kind: "answer"; answer: HttpAnswer; endpoint?: EndpointSpec } | { kind: "refused" } | { kind: "not-http" };

export const NOT_FOUND_ANSWER: HttpAnswer = { status: 404, body: "404 page not found\n", contentType: "text/plain; charset=utf-8" };

export interface AnswerInput {
  image: ImageSpec;
  phase: AppPhase;
  request: HttpRequestModel;
  /** Whether a named dependency is currently failing. */
  dependencyDown(name: string): boolean;
  /** Forwards to an upstream (`proxyTo`), returning its answer or the proxy's own error answer. */
  proxy(upstream: string, path: string): HttpAnswer;
  render(text: string): string;
}

function rendered(a: HttpAnswerSpec, render: (t: string) => string): HttpAnswer {
  return { status: a.status, body: render(a.body), contentType: a.contentType };
}

/** The HTTP answer of a catalog app for one request. */
export function answerHttp(input: AnswerInput): AppHttpResult {
  const app = input.image.app;
  if (!app || !app.ports.includes(input.request.port)) return { kind: "refused" };
  if (!app.endpoints.some((e) => e.port === input.request.port)) return input.phase === "starting" ? { kind: "refused" } : { kind: "not-http" };
  const endpoint = matchEndpoint(app.endpoints, input.request.port, input.request.path);
  if (input.phase === "starting") {
    // apps that only bind their port once initialised refuse connections meanwhile
    const anyStarting = app.endpoints.some((e) => e.port === input.request.port && e.starting);
    if (!anyStarting) return { kind: "refused" };
    if (!endpoint?.starting) return { kind: "answer", answer: { status: 503, body: "", contentType: "text/plain" }, endpoint };
    return { kind: "answer", answer: rendered(endpoint.starting, input.render), endpoint };
  }
  if (!endpoint) return { kind: "answer", answer: NOT_FOUND_ANSWER };
  if (endpoint.requires.some((d) => input.dependencyDown(d))) {
    return { kind: "answer", answer: rendered(endpoint.dependencyDown ?? endpoint.healthy, input.render), endpoint };
  }
  if (endpoint.proxyTo) return { kind: "answer", answer: input.proxy(input.render(endpoint.proxyTo), input.request.path), endpoint };
  return { kind: "answer", answer: rendered(endpoint.healthy, input.render), endpoint };
}

/** nginx's own error pages for a failed upstream (502 refused / 504 timeout). */
export function nginxErrorPage(status: 502 | 504, version = "1.27.2"): HttpAnswer {
  const title = status === 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
  return {
    status,
    contentType: "text/html",
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** Memory a container uses once started, in bytes (tag override first). */
export function memoryUseBytes(image: ImageSpec, tag: TagSpec): number {
  return Math.round((tag.memoryMiB ?? image.app?.memoryMiB ?? 4) * 1024 * 1024);
}

/**
 * Streaming watch: newline-delimited JSON events, headers flushed at once (kubectl waits for them),
 * one-row Tables for the Table Accept, BOOKMARKs when asked, `timeoutSeconds` ends the stream, and a
 * too-old resourceVersion becomes an ERROR event carrying a 410 Status (as the watch cache does).
 */
import type { KubeObject, WatchEvent } from "../store/types.js";
import { parseFieldSelector, parseLabelSelector } from "../store/index.js";
import { apiVersionOf } from "../resources/registry.js";
import { resourceView } from "./resource-view.js";
import type { ResourceCall } from "./context.js";
import { toStatus, wantsTable } from "./http-io.js";
import { statusBody } from "./status.js";
import { parseIncludeObject, toTable, type IncludeObject } from "./table.js";

/** kube-apiserver sends bookmarks about once a minute. */
export const WATCH_BOOKMARK_INTERVAL_MS = 60_000;
/** A watcher that stops reading is dropped once this much output is queued for it. */
export const WATCH_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Serialised plain-JSON events, shared by every watcher of the same change: the store hands all
 * watchers the same frozen object, so fan-out to N watchers costs one JSON.stringify.
 */
const plainCache = new WeakMap<object, Map<string, string>>();

function plainLine(type: string, obj: KubeObject): string {
  let byType = plainCache.get(obj);
  if (!byType) plainCache.set(obj, (byType = new Map()));
  let line = byType.get(type);
  if (line === undefined) {
    line = `{"type":"${type}","object":${JSON.stringify(obj)}}\n`;
    byType.set(type, line);
  }
  return line;
}

export function handleWatch(call: ResourceCall): void {
  const { ctx, req, res, query, def } = call;
  const table = wantsTable(req.headers.accept);
  const includeObject: IncludeObject = table ? parseIncludeObject(query.get("includeObject")) : "Metadata";
  const labelSelector = query.get("labelSelector") ?? undefined;
  const fieldSelector = query.get("fieldSelector") ?? undefined;
  // validate before the 200 goes out, so a bad selector is a plain 400
  if (labelSelector) parseLabelSelector(labelSelector);
  if (fieldSelector) parseFieldSelector(fieldSelector);
  const timeoutSeconds = query.get("timeoutSeconds");
  const bookmarks = query.get("allowWatchBookmarks") === "true";

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  res.socket?.setNoDelay(true);

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let handle: { stop(): void } | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    handle?.stop();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  // the response's close fires when the client goes away (the request's may fire as soon as it is read)
  res.on("close", close);

  const write = (line: string) => {
    if (closed) return;
    res.write(line);
    if (res.writableLength > WATCH_MAX_BUFFERED_BYTES) {
      ctx.logger.warn({ resource: def.resource }, "watch client too slow; closing stream");
      close();
    }
  };

  const onEvent = (ev: WatchEvent) => {
    if (closed) return;
    if (ev.type === "ERROR" || ev.type === "BOOKMARK" || !table) {
      write(plainLine(ev.type, ev.object));
      return;
    }
    const t = toTable(def, [ev.object], { includeObject, nowMs: ctx.clock.now(), resourceVersion: ev.object.metadata.resourceVersion });
    write(JSON.stringify({ type: ev.type, object: t }) + "\n");
  };

  try {
    handle = resourceView(ctx.store, def).watch(
      {
        namespace: def.namespaced ? call.info.namespace || undefined : undefined,
        labelSelector,
        fieldSelector,
        resourceVersion: query.get("resourceVersion") ?? "",
        allowWatchBookmarks: bookmarks,
      },
      onEvent,
    );
    if (closed) handle.stop();
  } catch (err) {
    write(JSON.stringify({ type: "ERROR", object: statusBody(toStatus(err)) }) + "\n");
    close();
    return;
  }

  if (timeoutSeconds !== null && timeoutSeconds !== "") {
    const secs = Number(timeoutSeconds);
    if (Number.isFinite(secs) && secs >= 0) timers.push(setTimeout(close, secs * 1000));
  }
  if (bookmarks) {
    const tick = () => {
      write(JSON.stringify({ type: "BOOKMARK", object: { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: ctx.store.currentResourceVersion() } } }) + "\n");
      timers.push(setTimeout(tick, WATCH_BOOKMARK_INTERVAL_MS));
    };
    timers.push(setTimeout(tick, WATCH_BOOKMARK_INTERVAL_MS));
  }
}

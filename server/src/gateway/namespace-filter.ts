/**
 * `kubectl get ns` through the gateway shows only the team's own namespace: the list (plain or
 * Table) and watch responses are filtered here. Pure functions plus a line-splitting Transform.
 */
import { Transform, type TransformCallback } from "node:stream";

type Json = Record<string, unknown>;

function nameOf(obj: unknown): string | undefined {
  const md = (obj as Json | null)?.metadata as Json | undefined;
  return typeof md?.name === "string" ? md.name : undefined;
}

/** Table rows carry the object (PartialObjectMetadata by default) in `row.object`; cells[0] is the name. */
function rowName(row: unknown): string | undefined {
  const r = row as Json;
  return nameOf(r?.object) ?? (Array.isArray(r?.cells) && typeof r.cells[0] === "string" ? r.cells[0] : undefined);
}

/** Filters a NamespaceList or a Table of namespaces down to `namespace`. Other bodies pass unchanged. */
export function filterNamespaceList(body: unknown, namespace: string): unknown {
  if (!body || typeof body !== "object") return body;
  const b = body as Json;
  if (b.kind === "Table" && Array.isArray(b.rows)) {
    return { ...b, rows: b.rows.filter((r) => rowName(r) === namespace) };
  }
  if (Array.isArray(b.items)) {
    return { ...b, items: b.items.filter((i) => nameOf(i) === namespace) };
  }
  return body;
}

/**
 * One watch event line → the line to forward, or null to drop it. Events about other namespaces
 * are dropped; BOOKMARK and ERROR events pass (they carry no namespace data).
 */
export function filterNamespaceWatchEvent(line: string, namespace: string): string | null {
  if (line.trim() === "") return line;
  let ev: Json;
  try {
    ev = JSON.parse(line) as Json;
  } catch {
    return null; // never forward what we cannot vet
  }
  if (ev.type === "BOOKMARK" || ev.type === "ERROR") return line;
  const obj = ev.object as Json | undefined;
  if (obj?.kind === "Table" && Array.isArray(obj.rows)) {
    const rows = obj.rows.filter((r) => rowName(r) === namespace);
    if (rows.length === 0) return null;
    return JSON.stringify({ ...ev, object: { ...obj, rows } });
  }
  return nameOf(obj) === namespace ? line : null;
}

/** Newline-delimited watch stream filter; flushes each kept event immediately. */
export class NamespaceWatchFilter extends Transform {
  private buffered = "";

  constructor(private readonly namespace: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buffered += chunk.toString("utf8");
    let idx: number;
    while ((idx = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, idx);
      this.buffered = this.buffered.slice(idx + 1);
      const out = filterNamespaceWatchEvent(line, this.namespace);
      if (out !== null && out.trim() !== "") this.push(out + "\n");
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.buffered.trim() !== "") {
      const out = filterNamespaceWatchEvent(this.buffered, this.namespace);
      if (out !== null) this.push(out + "\n");
    }
    cb();
  }
}

import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { ScenarioProblem } from "./errors.js";

/** A parsed YAML file that can tell the line of any field path. */
export interface YamlSource {
  file: string;
  /** Plain JS value of the document (null for an empty file). */
  value: unknown;
  /** 1-based line of the deepest existing node on `path` (the key's line for mapping entries). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Parses YAML keeping positions; syntax errors come back as problems, never as exceptions. */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; problems: ScenarioProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ScenarioProblem[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
    path: "",
    message: `YAML: ${e.message.split("\n")[0]}`,
  }));
  if (problems.length) return { problems };
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  return {
    problems,
    source: { file, value, lineOf: (path) => lineAt(offsetOf(doc, path)) },
  };
}

function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      best = (pair.key as Node).range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

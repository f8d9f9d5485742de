/**
 * Import-boundary rules from DESIGN.md, checked by a unit test so a forbidden import fails `npm test`.
 * Pure: give it a root folder, get the violations back.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";

/** Which server modules each module may import (besides itself). `*` = anything (composition root). */
export const ALLOWED_MODULE_IMPORTS: Record<string, readonly string[] | "*"> = {
  core: [],
  protocol: [],
  scenarios: ["core"],
  sim: ["core", "scenarios/image-catalog"],
  scoring: ["core", "scenarios"],
  engine: ["core", "scenarios", "scoring", "kube"],
  kube: ["core", "scenarios"],
  gateway: ["core"],
  debrief: ["core", "scenarios", "scoring", "engine", "protocol"],
  db: ["core", "generated"],
  game: ["core", "engine", "protocol", "db"],
  http: ["core", "game", "gateway", "debrief", "db", "protocol"],
  config: ["core"],
  main: "*",
  /** Command-line tools are composition roots too (e.g. the scenario self-test needs sim, kube and engine). */
  tools: "*",
  generated: [],
};

/** Packages that exactly one module may use ("the ONLY user of …" in DESIGN.md). */
export const PACKAGE_OWNERS: Record<string, readonly string[]> = {
  "@kubernetes/client-node": ["kube"],
  "@colyseus/core": ["game"],
  "@colyseus/ws-transport": ["game"],
  "@colyseus/schema": ["game", "protocol"],
  "@colyseus/redis-presence": ["game"],
  "@colyseus/redis-driver": ["game"],
  "@prisma/client": ["db", "generated"],
  "@prisma/adapter-better-sqlite3": ["db"],
  "@prisma/adapter-pg": ["db"],
  express: ["http"],
};

export interface BoundaryViolation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function listSourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === "node_modules" || name === "dist") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(listSourceFiles(full));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** "server/src/sim/api/x.ts" → "sim"; "server/src/main.ts" → "main"; "server/src/scenarios/image-catalog.ts" keeps its file for sub-rules. */
function moduleOf(serverSrc: string, file: string): { module: string; path: string } {
  const rel = relative(serverSrc, file).split(sep).join("/");
  const first = rel.split("/")[0]!;
  const module = first.endsWith(".ts") ? first.replace(/\.ts$/, "") : first;
  return { module, path: rel.replace(/\.(ts|tsx|js|mjs)$/, "") };
}

function allows(allowed: readonly string[], targetPath: string): boolean {
  return allowed.some((a) => targetPath === a || targetPath.startsWith(a + "/") || targetPath.split("/")[0] === a);
}

export function checkBoundaries(root: string): BoundaryViolation[] {
  const serverSrc = resolve(root, "server/src");
  const violations: BoundaryViolation[] = [];
  for (const file of listSourceFiles(serverSrc)) {
    const from = moduleOf(serverSrc, file);
    if (from.module === "generated") continue;
    const rule = ALLOWED_MODULE_IMPORTS[from.module];
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec) continue;
      const relFile = relative(root, file).split(sep).join("/");
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(serverSrc + sep)) {
          violations.push({ file: relFile, specifier: spec, rule: "server code must not import from outside server/src" });
          continue;
        }
        const to = moduleOf(serverSrc, target);
        if (to.module === from.module) continue;
        if (rule === undefined) {
          violations.push({ file: relFile, specifier: spec, rule: `module "${from.module}" is not in the module map` });
        } else if (rule !== "*" && !allows(rule, to.path)) {
          violations.push({
            file: relFile,
            specifier: spec,
            rule: `${from.module} may import only [${rule.join(", ") || "nothing"}], not ${to.module}`,
          });
        }
      } else {
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        const owners = PACKAGE_OWNERS[pkg];
        if (owners && !owners.includes(from.module) && from.module !== "main") {
          violations.push({ file: relFile, specifier: spec, rule: `only ${owners.join(", ")} may use ${pkg}` });
        }
      }
    }
  }
  violations.push(...checkClient(root));
  return violations;
}

/** The client may import only server/src/protocol from the server. */
function checkClient(root: string): BoundaryViolation[] {
  const clientSrc = resolve(root, "client/src");
  const protocol = resolve(root, "server/src/protocol");
  const out: BoundaryViolation[] = [];
  for (const file of listSourceFiles(clientSrc)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec?.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (target.startsWith(clientSrc + sep)) continue;
      if (!target.startsWith(protocol)) {
        out.push({ file: relative(root, file), specifier: spec, rule: "client may import only server/src/protocol" });
      }
    }
  }
  return out;
}

/**
 * `npm run bench [name…]`: runs every tests/perf/<name>.perf.ts (or only the named ones) in one process,
 * one after another, and prints their figures. Each module's default export is
 * `async () => Record<string, number | string>`. Figures go to docs/BENCHMARKS.md by hand, with the command.
 */
import { readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const perfDir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(perfDir)
  .filter((f) => f.endsWith(".perf.ts"))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.perf\.ts$/, "")));

if (files.length === 0) {
  console.error(`no benchmarks match ${wanted.join(", ") || "(any)"} in ${perfDir}`);
  process.exit(1);
}

const results: Record<string, Record<string, number | string>> = {};
for (const file of files) {
  const name = file.replace(/\.perf\.ts$/, "");
  console.log(`\n=== ${name} ===`);
  const mod = (await import(pathToFileURL(join(perfDir, file)).href)) as { default: () => Promise<Record<string, number | string>> };
  const started = Date.now();
  results[name] = await mod.default();
  for (const [k, v] of Object.entries(results[name]!)) console.log(`  ${k.padEnd(48)} ${v}`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
mkdirSync("test-output", { recursive: true });
writeFileSync("test-output/bench.json", JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
process.exit(0);

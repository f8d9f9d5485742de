#!/usr/bin/env node
// `npm test`: generate the Prisma clients if needed, typecheck, then run every vitest project
// (unit, client, integration, e2e) and print one plain closing line "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

const REPORT_PATH = "test-output/vitest-report.json";

function run(cmd, args, label) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  return r.status ?? 1;
}

mkdirSync("test-output", { recursive: true });
let failedSteps = [];

if (existsSync("scripts/prisma-generate.mjs") && run("node", ["scripts/prisma-generate.mjs"], "prisma generate") !== 0) {
  failedSteps.push("prisma generate");
}
if (run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"], "typecheck (server + tests)") !== 0) failedSteps.push("typecheck");
if (existsSync("client/tsconfig.json") && run("npx", ["tsc", "-p", "client/tsconfig.json", "--noEmit"], "typecheck (client)") !== 0) {
  failedSteps.push("typecheck client");
}

const extra = process.argv.slice(2);
const vitestStatus = run(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORT_PATH}`, ...extra],
  "vitest (unit, client, integration, e2e)",
);
if (vitestStatus !== 0) failedSteps.push("vitest");

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(REPORT_PATH)) {
  const report = JSON.parse(readFileSync(REPORT_PATH, "utf8"));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
if (passed === 0 && failedSteps.length === 0) {
  console.log("no tests ran");
  failed += 1;
}
// One plain closing line, alone, for CI.
console.log(`\n${passed} passed, ${failed + (failedSteps.length && !failed ? 1 : 0)} failed, ${skipped} skipped`);
process.exit(failedSteps.length || failed ? 1 : 0);

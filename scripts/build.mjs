#!/usr/bin/env node
// `npm run build`: compiles the server to dist/server and the client to dist/client.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

function step(label, cmd, args) {
  console.log(`▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (existsSync("scripts/prisma-generate.mjs")) step("prisma generate", "node", ["scripts/prisma-generate.mjs"]);
step("server (tsc)", "npx", ["tsc", "-p", "tsconfig.build.json"]);
if (!existsSync("client/index.html")) {
  console.error("✗ client: not built — the web client (client/) does not exist yet. The server build above is in dist/server.");
  process.exit(1);
}
step("client (vite)", "npx", ["vite", "build", "--config", "client/vite.config.ts"]);

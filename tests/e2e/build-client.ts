/** Builds the production client once per run, into dist/client, exactly as `npm run build` does. */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "vite";

const CLIENT_CONFIG = resolve(import.meta.dirname, "../../client/vite.config.ts");
const CLIENT_INDEX = resolve(import.meta.dirname, "../../dist/client/index.html");

export async function buildClient(): Promise<void> {
  await build({ configFile: CLIENT_CONFIG, logLevel: "warn" });
  if (!existsSync(CLIENT_INDEX) || statSync(CLIENT_INDEX).size === 0) throw new Error("client build produced no index.html");
}

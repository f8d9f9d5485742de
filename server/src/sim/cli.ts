/**
 * `npm run sim -- --port 6443 --kubeconfig ./sim.kubeconfig`: runs the simulated cluster on its own,
 * writes an admin kubeconfig and prints how to use it.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { RealClock } from "../core/clock.js";
import { createLogger } from "../core/logger.js";
import { existsSync } from "node:fs";
import { loadImageCatalog } from "../scenarios/image-catalog.js";
import { startSimCluster } from "./index.js";

const DEFAULT_SIM_PORT = 6443;
const DEFAULT_DATA_DIR = ".firedrill/sim";
const DEFAULT_KUBECONFIG = ".firedrill/sim.kubeconfig";
const DEFAULT_CATALOG = "scenarios/images.yaml";

const USAGE = `usage: npm run sim -- [--port ${DEFAULT_SIM_PORT}] [--host 127.0.0.1] [--kubeconfig ${DEFAULT_KUBECONFIG}] [--data-dir ${DEFAULT_DATA_DIR}] [--time-scale 1] [--token T] [--catalog ${DEFAULT_CATALOG}]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      kubeconfig: { type: "string" },
      "data-dir": { type: "string" },
      "time-scale": { type: "string" },
      token: { type: "string" },
      catalog: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port !== undefined ? Number(values.port) : DEFAULT_SIM_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}\n${USAGE}`);
  const timeScale = values["time-scale"] !== undefined ? Number(values["time-scale"]) : 1;
  if (!(timeScale > 0)) throw new Error(`--time-scale must be > 0, got ${values["time-scale"]}`);
  const logger = createLogger({ name: "sim" });
  const catalogPath = resolve(values.catalog ?? DEFAULT_CATALOG);
  if (values.catalog && !existsSync(catalogPath)) throw new Error(`--catalog ${catalogPath}: no such file`);
  const catalog = existsSync(catalogPath) ? loadImageCatalog(catalogPath) : undefined;
  if (!catalog) logger.warn({ catalogPath }, "no image catalog: pods will be scheduled but never start");
  const cluster = await startSimCluster({
    clock: new RealClock(),
    port,
    host: values.host,
    dataDir: resolve(values["data-dir"] ?? DEFAULT_DATA_DIR),
    timeScale,
    logger,
    adminToken: values.token,
    catalog,
  });
  const kubeconfig = resolve(values.kubeconfig ?? DEFAULT_KUBECONFIG);
  await cluster.writeAdminKubeconfig(kubeconfig);
  console.log(`Simulated cluster listening on ${cluster.url}`);
  console.log(`Admin kubeconfig written to ${kubeconfig}`);
  console.log(`Try:  KUBECONFIG=${kubeconfig} kubectl get nodes`);
  const stop = async () => {
    await cluster.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

// TaskMaster backend. Behaves as scenarios/images.yaml describes the image:
// - exits 1 when DB_HOST, DB_PORT (a number), DB_NAME or DB_PASSWORD is missing;
// - /healthz is 200 while the process runs (liveness);
// - /ready is 200 only when postgres answers on DB_HOST:DB_PORT (TCP) and the ConfigMap
//   backend-config can be read through the Kubernetes API with the pod's ServiceAccount;
// - /api/tasks needs the database (503 otherwise).
import http from "node:http";
import https from "node:https";
import net from "node:net";
import fs from "node:fs";

const VERSION = process.env.APP_VERSION ?? "1.1";
const PORT = 8080;
const DB_RETRY_MS = 5_000;
const CONFIG_RETRY_MS = 10_000;
const CONNECT_TIMEOUT_MS = 3_000;
const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

const log = (level, msg) => console.log(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}`);
const fatal = (msg) => {
  log("FATAL", msg);
  log("FATAL", "exiting with code 1");
  process.exit(1);
};

for (const name of ["DB_HOST", "DB_PORT", "DB_NAME", "DB_PASSWORD"]) {
  if (!process.env[name]) fatal(`required environment variable ${name} is not set`);
}
if (!/^[0-9]+$/.test(process.env.DB_PORT)) fatal(`DB_PORT must be a port number, got "${process.env.DB_PORT}"`);
const { DB_HOST, DB_PORT, DB_NAME, LOG_LEVEL = "info" } = process.env;

log("INFO", `taskmaster-backend ${VERSION} starting (node ${process.version}, pid ${process.pid})`);
log("INFO", `config: DB_HOST=${DB_HOST} DB_PORT=${DB_PORT} DB_NAME=${DB_NAME} LOG_LEVEL=${LOG_LEVEL}`);

const state = { database: false, config: false };

function checkDatabase() {
  const socket = net.connect({ host: DB_HOST, port: Number(DB_PORT), timeout: CONNECT_TIMEOUT_MS });
  const done = (ok, error) => {
    socket.destroy();
    if (ok && !state.database) log("INFO", `connected to postgres at ${DB_HOST}:${DB_PORT}/${DB_NAME}`);
    if (!ok) log("ERROR", `database ${DB_HOST}:${DB_PORT} unreachable: ${error} (retrying in 5s)`);
    state.database = ok;
  };
  socket.once("connect", () => done(true));
  socket.once("timeout", () => done(false, `connect ETIMEDOUT ${DB_HOST}:${DB_PORT}`));
  socket.once("error", (err) => done(false, err.message));
}

function checkConfig() {
  let token, ca, namespace;
  try {
    token = fs.readFileSync(`${SA_DIR}/token`, "utf8");
    ca = fs.readFileSync(`${SA_DIR}/ca.crt`);
    namespace = fs.readFileSync(`${SA_DIR}/namespace`, "utf8").trim();
  } catch {
    log("ERROR", "Error: no ServiceAccount token mounted");
    state.config = false;
    return;
  }
  const req = https.request(
    {
      host: process.env.KUBERNETES_SERVICE_HOST,
      port: process.env.KUBERNETES_SERVICE_PORT,
      path: `/api/v1/namespaces/${namespace}/configmaps/backend-config`,
      headers: { Authorization: `Bearer ${token}` },
      ca,
    },
    (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        const ok = res.statusCode === 200;
        if (ok && !state.config) log("INFO", `loaded ConfigMap ${namespace}/backend-config through the Kubernetes API`);
        if (!ok) {
          let message = `HTTP ${res.statusCode}`;
          try {
            message = JSON.parse(body).message ?? message;
          } catch {}
          log("ERROR", `Error: ${message}`);
        }
        state.config = ok;
      });
    },
  );
  req.on("error", (err) => {
    log("ERROR", `Error: ${err.message}`);
    state.config = false;
  });
  req.end();
}

const TASKS = [
  { id: 1, title: "Write the runbook", done: true },
  { id: 2, title: "Run the fire drill", done: false },
];

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json" }).end(text);
    log("INFO", `${req.socket.remoteAddress} "${req.method} ${req.url}" ${status} ${Buffer.byteLength(text)}b "${req.headers["user-agent"] ?? "-"}"`);
  };
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/healthz") return send(200, { status: "ok" });
  if (path === "/ready") return state.database && state.config ? send(200, { status: "ready" }) : send(503, { status: "not ready" });
  if (path === "/api/tasks") return state.database ? send(200, TASKS) : send(503, { error: "database unavailable" });
  if (path === "/api/version") return send(200, { version: VERSION });
  return send(404, { error: "not found" });
});

server.listen(PORT, () => log("INFO", `listening on :${PORT}`));
checkDatabase();
checkConfig();
setInterval(checkDatabase, DB_RETRY_MS);
setInterval(checkConfig, CONFIG_RETRY_MS);

process.on("SIGTERM", () => {
  log("INFO", "SIGTERM received, closing HTTP server");
  server.close(() => {
    log("INFO", "bye");
    process.exit(0);
  });
});

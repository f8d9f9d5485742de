import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLUSTER_MODE,
  DEFAULT_DATA_DIR,
  DEFAULT_SCENARIOS_DIR,
  DEFAULT_DATABASE_FILE,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_HOST,
  DEFAULT_LOG_LEVEL,
  DEFAULT_PORT,
  DEFAULT_PUBLIC_HOST,
  DEFAULT_SIM_PORT,
  DEFAULT_TIME_SCALE,
  loadConfig,
  type Config,
} from "../../server/src/config.js";
import { ConfigError } from "../../server/src/core/errors.js";

const CWD = "/srv/firedrill";

function load(env: Record<string, string>): Config {
  return loadConfig(env, CWD);
}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe("loadConfig defaults", () => {
  it("uses every named default when the environment is empty", () => {
    const dataDir = path.resolve(CWD, DEFAULT_DATA_DIR);
    expect(load({})).toEqual({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      gatewayPort: DEFAULT_GATEWAY_PORT,
      simPort: DEFAULT_SIM_PORT,
      cluster: DEFAULT_CLUSTER_MODE,
      kubeconfig: undefined,
      databaseUrl: `file:${path.join(dataDir, DEFAULT_DATABASE_FILE)}`,
      dataDir,
      scenariosDir: path.resolve(path.dirname(dataDir), DEFAULT_SCENARIOS_DIR),
      publicHost: DEFAULT_PUBLIC_HOST,
      adminToken: undefined,
      timeScale: DEFAULT_TIME_SCALE,
      logLevel: DEFAULT_LOG_LEVEL,
    } satisfies Config);
  });

  it("has the documented default values", () => {
    expect([DEFAULT_PORT, DEFAULT_GATEWAY_PORT, DEFAULT_SIM_PORT, DEFAULT_TIME_SCALE]).toEqual([2567, 6443, 0, 1]);
    expect([DEFAULT_HOST, DEFAULT_PUBLIC_HOST, DEFAULT_CLUSTER_MODE, DEFAULT_DATA_DIR]).toEqual([
      "0.0.0.0",
      "127.0.0.1",
      "sim",
      "./data",
    ]);
  });

  it("treats empty and blank variables as unset", () => {
    expect(load({ PORT: "", LOG_LEVEL: "  ", FIREDRILL_ADMIN_TOKEN: "" })).toEqual(load({}));
  });

  it("derives the SQLite file from the data directory", () => {
    expect(load({ FIREDRILL_DATA_DIR: "/var/lib/firedrill" }).databaseUrl).toBe("file:/var/lib/firedrill/firedrill.db");
    expect(load({ FIREDRILL_DATA_DIR: "state" }).dataDir).toBe("/srv/firedrill/state");
    expect(load({ FIREDRILL_SCENARIOS_DIR: "/opt/scenarios" }).scenariosDir).toBe("/opt/scenarios");
  });

  it("lets DATABASE_URL override the derived SQLite file", () => {
    const c = load({ FIREDRILL_DATA_DIR: "/x", DATABASE_URL: "postgresql://u:p@db:5432/firedrill" });
    expect(c.databaseUrl).toBe("postgresql://u:p@db:5432/firedrill");
    expect(c.dataDir).toBe("/x");
  });
});

describe("loadConfig accepts good values", () => {
  const cases: Array<[string, Record<string, string>, Partial<Config>]> = [
    ["port", { PORT: "8080" }, { port: 8080 }],
    ["ephemeral port", { PORT: "0" }, { port: 0 }],
    ["highest port", { GATEWAY_PORT: "65535" }, { gatewayPort: 65535 }],
    ["sim port", { SIM_PORT: "7443" }, { simPort: 7443 }],
    ["padded port", { PORT: " 3000 " }, { port: 3000 }],
    ["kube cluster", { FIREDRILL_CLUSTER: "kube", KUBECONFIG: "/home/me/.kube/config" }, { cluster: "kube", kubeconfig: "/home/me/.kube/config" }],
    ["sim cluster", { FIREDRILL_CLUSTER: "sim" }, { cluster: "sim" }],
    ["sqlite url", { DATABASE_URL: "file:./dev.db" }, { databaseUrl: "file:./dev.db" }],
    ["postgres url", { DATABASE_URL: "postgres://u:p@h/db" }, { databaseUrl: "postgres://u:p@h/db" }],
    ["public host name", { FIREDRILL_PUBLIC_HOST: "firedrill.example.org" }, { publicHost: "firedrill.example.org" }],
    ["public IPv4", { FIREDRILL_PUBLIC_HOST: "10.0.0.7" }, { publicHost: "10.0.0.7" }],
    ["bind all IPv6", { HOST: "::" }, { host: "::" }],
    ["bind loopback", { HOST: "127.0.0.1" }, { host: "127.0.0.1" }],
    ["admin token", { FIREDRILL_ADMIN_TOKEN: "0123456789abcdef" }, { adminToken: "0123456789abcdef" }],
    ["time scale integer", { FIREDRILL_TIME_SCALE: "10" }, { timeScale: 10 }],
    ["time scale fraction", { FIREDRILL_TIME_SCALE: "0.5" }, { timeScale: 0.5 }],
    ["time scale leading dot", { FIREDRILL_TIME_SCALE: ".25" }, { timeScale: 0.25 }],
    ["log level", { LOG_LEVEL: "debug" }, { logLevel: "debug" }],
    ["silent logs", { LOG_LEVEL: "silent" }, { logLevel: "silent" }],
  ];
  it.each(cases)("%s", (_label, env, expected) => {
    expect(load(env)).toMatchObject(expected);
  });
});

describe("loadConfig rejects bad values, naming the variable and the value", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["PORT", "abc", /PORT="abc": must be a TCP port/],
    ["PORT", "-1", /PORT="-1": must be a TCP port/],
    ["PORT", "80.5", /PORT="80.5": must be a TCP port/],
    ["PORT", "65536", /PORT="65536": must be a TCP port/],
    ["GATEWAY_PORT", "70000", /GATEWAY_PORT="70000": must be a TCP port/],
    ["SIM_PORT", "x1", /SIM_PORT="x1": must be a TCP port/],
    ["FIREDRILL_CLUSTER", "k8s", /FIREDRILL_CLUSTER="k8s": must be one of: sim, kube/],
    ["DATABASE_URL", "mysql://h/db", /DATABASE_URL="mysql:\/\/h\/db": must be file:<path>/],
    ["DATABASE_URL", "file:", /DATABASE_URL="file:": must be file:<path>/],
    ["DATABASE_URL", "file::memory:", /in-memory SQLite is not supported/],
    ["FIREDRILL_PUBLIC_HOST", "https://firedrill.io", /FIREDRILL_PUBLIC_HOST="https:\/\/firedrill.io": must be the public host/],
    ["FIREDRILL_PUBLIC_HOST", "host:8080", /FIREDRILL_PUBLIC_HOST="host:8080"/],
    ["HOST", "my host", /HOST="my host": must be a bind address/],
    ["FIREDRILL_TIME_SCALE", "0", /FIREDRILL_TIME_SCALE="0": must be a positive number/],
    ["FIREDRILL_TIME_SCALE", "-2", /FIREDRILL_TIME_SCALE="-2": must be a positive number/],
    ["FIREDRILL_TIME_SCALE", "fast", /FIREDRILL_TIME_SCALE="fast": must be a positive number/],
    ["FIREDRILL_TIME_SCALE", "Infinity", /FIREDRILL_TIME_SCALE="Infinity": must be a positive number/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL="loud": must be one of: fatal, error, warn, info, debug, trace, silent/],
  ];
  it.each(cases)("%s=%s", (name, value, message) => {
    const err = errorOf({ [name]: value });
    expect(err.message).toMatch(message);
    expect(err.code).toBe("config");
  });

  it("lists every problem at once", () => {
    const err = errorOf({ PORT: "abc", LOG_LEVEL: "loud", FIREDRILL_CLUSTER: "k3s" });
    expect(err.message).toMatch(/3 problems/);
    expect(err.message).toMatch(/PORT="abc"/);
    expect(err.message).toMatch(/LOG_LEVEL="loud"/);
    expect(err.message).toMatch(/FIREDRILL_CLUSTER="k3s"/);
  });

  it("never prints secrets", () => {
    const token = errorOf({ FIREDRILL_ADMIN_TOKEN: "tooshort" });
    expect(token.message).toMatch(/FIREDRILL_ADMIN_TOKEN=\(8 characters, hidden\): must be at least 16 characters/);
    expect(token.message).not.toContain("tooshort");
    const url = errorOf({ DATABASE_URL: "mysql://admin:hunter2@db/x" });
    expect(url.message).not.toContain("hunter2");
  });
});

import { describe, expect, test } from "vitest";
import { matchEndpoint, renderTemplate } from "../../../../server/src/sim/kubelet/app-model.js";
import { expandVars, resolveEnv, type ConfigLookup } from "../../../../server/src/sim/kubelet/container-config.js";
import { execArgv, runScript, tokenize, type ShellContext } from "../../../../server/src/sim/kubelet/shell.js";
import type { KubeObject } from "../../../../server/src/sim/store/types.js";
import { catalog } from "../../../helpers/kubelet-cluster.js";

describe("app model", () => {
  const frontend = catalog().find("ghcr.io/firedrill-game/taskmaster-frontend")!.app!;
  test.each([
    ["/", "/*"],
    ["/healthz", "/healthz"],
    ["/api/tasks", "/api/*"],
    ["/api", "/api/*"],
    ["/index.html?x=1", "/*"],
  ])("%s is served by %s", (path, expected) => {
    expect(matchEndpoint(frontend.endpoints, 80, path)?.path).toBe(expected);
  });

  test("templates take env, tag and time placeholders", () => {
    const ctx = { now: Date.UTC(2026, 10, 21, 19, 5, 9, 7), env: { DB_HOST: "postgres" }, tag: { name: "16", version: "16.4" }, vars: { error: "boom" } };
    expect(renderTemplate("{iso} $(DB_HOST) $(MISSING)| {version} {tag} {error} {unknown}", ctx)).toBe("2026-11-21T19:05:09.007Z postgres | 16.4 16 boom {unknown}");
    expect(renderTemplate("{pgTime}|{nginxTime}|{httpDate}", ctx)).toBe("2026-11-21 19:05:09.007 UTC|2026/11/21 19:05:09|21/Nov/2026:19:05:09 +0000");
  });
});

describe("container env", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", uid: "u1", labels: { app: "x" } }, spec: { nodeName: "node-1" }, status: { podIP: "10.244.1.9" } } as KubeObject;
  const lookup: ConfigLookup = {
    configMap: (_ns, name) => (name === "cm" ? ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { HOST: "db" } } as KubeObject) : undefined),
    secret: () => undefined,
    pvc: () => undefined,
  };

  test("envFrom, then env with $(VAR) expansion and fieldRefs", () => {
    const r = resolveEnv(pod, {
      envFrom: [{ configMapRef: { name: "cm" }, prefix: "CFG_" }],
      env: [
        { name: "URL", value: "postgres://$(CFG_HOST):5432/$(NOPE)" },
        { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      ],
    }, lookup);
    expect(r).toEqual({ ok: true, env: { CFG_HOST: "db", URL: "postgres://db:5432/$(NOPE)", POD_IP: "10.244.1.9", APP: "x" } });
  });

  test("expandVars escapes $$", () => {
    expect(expandVars("$$(A) $(A)", { A: "1" })).toBe("$(A) 1");
  });
});

describe("simulated shell", () => {
  const ctx = (over: Partial<ShellContext> = {}): ShellContext => ({
    binaries: ["sh", "echo", "cat", "grep", "wc", "sleep", "env", "ls"],
    env: { NAME: "world", EMPTY: "" },
    files: new Map([["/etc/", ""], ["/etc/app.conf", "a=1\nb=2\n"]]),
    hostname: "pod-1",
    workingDir: "/",
    processes: [{ pid: 1, user: "root", command: "sleep 3600" }],
    resolve: () => ({ kind: "nxdomain", name: "x" }),
    httpGet: () => ({ ok: false, failure: { kind: "refused", ip: "10.96.0.9", detail: "" } }),
    tcpConnect: () => ({ ok: false, kind: "refused" }),
    now: 0,
    ...over,
  });

  test("tokenize handles quotes and variables", () => {
    expect(tokenize(`echo "hello $NAME" 'no $NAME' \${NAME}!`, { NAME: "world" })).toEqual(["echo", "hello world", "no $NAME", "world!"]);
  });

  test.each([
    ["echo hi && echo there", "hi\nthere\n", 0],
    ["false || echo fallback", "fallback\n", 0],
    ["false && echo never", "", 1],
    ["cat /etc/app.conf | grep b", "b=2\n", 0],
    ["cat /etc/app.conf | wc -l", "2\n", 0],
    ["echo $NAME > /dev/null; echo done", "done\n", 0],
    ["exit 7; echo unreachable", "", 7],
  ])("%s", (script, stdout, code) => {
    const r = runScript(script, ctx());
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(code);
  });

  test("long-running commands report how long they run", () => {
    expect(runScript("sleep 30", ctx()).runsForMs).toBe(30_000);
    expect(runScript("while true; do echo tick; sleep 5; done", ctx())).toMatchObject({ stdout: "tick\n", runsForMs: Infinity });
  });

  test("a loop waiting on a condition polls; once the condition holds the rest runs", () => {
    const script = "echo start; until cat /ready; do echo waiting; sleep 3; done; echo go";
    expect(runScript(script, ctx())).toMatchObject({ stdout: "start\nwaiting\n", pollMs: 3000 });
    const files = new Map([["/ready", "yes\n"]]);
    const done = runScript(script, ctx({ files }));
    expect(done).toMatchObject({ stdout: "start\nyes\ngo\n", code: 0 });
    expect(done.pollMs).toBeUndefined();
    expect(runScript("while ! cat /ready; do sleep 1; done", ctx())).toMatchObject({ pollMs: 1000 });
  });

  test("argv the image lacks is an OCI error; inside sh it is 127", () => {
    expect(execArgv(["curl", "x"], ctx())).toEqual({ notFound: "curl" });
    expect(execArgv(["sh", "-c", "curl x"], ctx())).toMatchObject({ stderr: "sh: curl: not found\n", exitCode: 127 });
  });
});

/**
 * The API's runtime-backed subresources with the real simulated kubelet (not a stub): logs (plain, tail,
 * timestamps, follow), exec over the v5 WebSocket (output, exit codes, stdin) and the service proxy.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadImageCatalog } from "../../../../server/src/scenarios/image-catalog.js";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-k";
const IMAGE = "nginx:1.27";
let sim: TestSim;
let pod = "";

beforeAll(async () => {
  sim = await startTestSim({ catalog: loadImageCatalog(resolve(import.meta.dirname, "../../../../scenarios/images.yaml")) });
  expect((await sim.kubectl(["create", "namespace", NS])).code).toBe(0);
  expect((await sim.kubectl(["create", "deployment", "fe", `--image=${IMAGE}`, "--port=80", "-n", NS])).code).toBe(0);
  expect((await sim.kubectl(["create", "service", "clusterip", "fe", "--tcp=80:80", "-n", NS])).code).toBe(0);
  const wait = await sim.kubectl(["wait", "pod", "-l", "app=fe", "-n", NS, "--for=condition=Ready", "--timeout=60s"], { timeoutMs: 70_000 });
  expect(wait.code).toBe(0);
  pod = (await sim.kubectl(["get", "pods", "-l", "app=fe", "-n", NS, "-o", "jsonpath={.items[0].metadata.name}"])).stdout;
});

afterAll(async () => {
  await sim?.stop();
});

describe("runtime-backed subresources with the simulated kubelet", () => {
  it("exec runs a command over the WebSocket and returns its output", async () => {
    const r = await sim.kubectl(["exec", pod, "-n", NS, "--", "echo", "hello", "there"]);
    expect(r).toMatchObject({ code: 0, stdout: "hello there\n" });
  });

  it("exec passes a non-zero exit code through", async () => {
    const r = await sim.kubectl(["exec", pod, "-n", NS, "--", "sh", "-c", "exit 3"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe("command terminated with exit code 3");
  });

  it("exec -i sends stdin until the v5 close signal", async () => {
    const r = await sim.kubectl(["exec", "-i", pod, "-n", NS, "--", "cat"], { stdin: "from stdin\n" });
    expect(r).toMatchObject({ code: 0, stdout: "from stdin\n" });
  });

  it("logs, --tail and --timestamps", async () => {
    const all = await sim.kubectl(["logs", pod, "-n", NS]);
    expect(all.code).toBe(0);
    const tail = await sim.kubectl(["logs", pod, "-n", NS, "--tail=1", "--timestamps"]);
    const lines = tail.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /);
  });

  it("logs -f streams and keeps the connection open", async () => {
    const f = await sim.kubectlStream(["logs", "-f", pod, "-n", NS, "--tail=1"]);
    await f.waitFor(/\n/, 20_000);
    const r = await f.stop();
    expect(r.stderr).toBe("");
  });

  it("the service proxy reaches the simulated app", async () => {
    // the endpoints controller publishes the ready pod asynchronously
    let r = await sim.kubectl(["get", "--raw", `/api/v1/namespaces/${NS}/services/fe:80/proxy/`]);
    for (let i = 0; i < 20 && r.code !== 0; i++) {
      await new Promise((done) => setTimeout(done, 250));
      r = await sim.kubectl(["get", "--raw", `/api/v1/namespaces/${NS}/services/fe:80/proxy/`]);
    }
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Welcome to nginx!");
  });
});

/**
 * Server-side apply through real kubectl 1.32: managedFields (Apply and Update entries), an apply that
 * changes nothing keeps the resourceVersion, a second manager conflicting with kubectl's client-side
 * apply gets kube's 409 message unless it forces, and `kubectl scale` owns replicas as "kubectl" with
 * subresource "scale".
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-ssa";
let sim: TestSim;

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  subresource?: string;
  fieldsV1: Record<string, Record<string, unknown>>;
}

const manifest = (name: string, replicas: number, image = "nginx:1.25") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: ${image}
`;

async function writeManifest(name: string, replicas: number, image?: string): Promise<string> {
  const file = join(sim.dir, `${name}-${replicas}.yaml`);
  await writeFile(file, manifest(name, replicas, image));
  return file;
}

async function managedFields(name: string): Promise<Entry[]> {
  const r = await sim.kubectl(["get", "deploy", name, "-n", NS, "-o", "json", "--show-managed-fields"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { metadata: { managedFields?: Entry[] } }).metadata.managedFields ?? [];
}

const ownsReplicas = (e: Entry) => "f:replicas" in (e.fieldsV1["f:spec"] ?? {});
const rv = async (name: string) => (await sim.kubectl(["get", "deploy", name, "-n", NS, "-o", "jsonpath={.metadata.resourceVersion}"])).stdout;

beforeAll(async () => {
  // no controllers: nothing else writes the Deployments, so resourceVersions only move with our applies
  sim = await startTestSim({ controllers: false });
  expect((await sim.kubectl(["create", "namespace", NS])).code).toBe(0);
});

afterAll(async () => {
  await sim?.stop();
});

describe("kubectl apply --server-side", () => {
  it("creates with an Apply entry for kubectl, and a second identical apply changes nothing", async () => {
    const file = await writeManifest("ssa", 2);
    const first = await sim.kubectl(["apply", "--server-side", "-f", file, "-n", NS]);
    expect(first.stdout.trim()).toBe("deployment.apps/ssa serverside-applied");
    const entries = await managedFields("ssa");
    expect(entries.map((e) => [e.manager, e.operation])).toEqual([["kubectl", "Apply"]]);
    expect(entries[0]!.fieldsV1["f:spec"]).toMatchObject({ "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:image": {}, "f:name": {} } } } } });
    // defaulted fields belong to nobody with apply
    expect(entries[0]!.fieldsV1["f:spec"]).not.toHaveProperty("f:strategy");
    const before = await rv("ssa");
    const second = await sim.kubectl(["apply", "--server-side", "-f", file, "-n", NS]);
    expect(second.stdout.trim()).toBe("deployment.apps/ssa serverside-applied");
    expect(await rv("ssa")).toBe(before);
  });

  it("get -o yaml shows managedFields only with --show-managed-fields", async () => {
    const plain = await sim.kubectl(["get", "deploy", "ssa", "-n", NS, "-o", "yaml"]);
    expect(plain.stdout).not.toMatch(/managedFields/);
    const shown = await sim.kubectl(["get", "deploy", "ssa", "-n", NS, "-o", "yaml", "--show-managed-fields"]);
    expect(shown.stdout).toMatch(/managedFields:\n {2}- apiVersion: apps\/v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n/);
    expect(shown.stdout).toMatch(/ {4}manager: kubectl\n {4}operation: Apply\n {4}time: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/);
  });

  it("a second manager changing a field kubectl's client-side apply owns gets 409, and --force-conflicts takes it", async () => {
    const file = await writeManifest("csa", 2);
    expect((await sim.kubectl(["apply", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/csa created");
    const created = await managedFields("csa");
    expect(created.map((e) => [e.manager, e.operation])).toEqual([["kubectl-client-side-apply", "Update"]]);
    // an Update entry owns what the server defaulted, too
    expect(created[0]!.fieldsV1["f:spec"]).toHaveProperty("f:strategy");

    const changed = await writeManifest("csa", 3);
    const conflict = await sim.kubectl(["apply", "--server-side", "--field-manager=other", "-f", changed, "-n", NS]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.split("\n")[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(conflict.stderr).toMatch(/re-run the apply\n {2}command with the `--force-conflicts` flag/);
    expect((await sim.kubectl(["get", "deploy", "csa", "-n", NS, "-o", "jsonpath={.spec.replicas}"])).stdout).toBe("2");

    // the same value as live is no conflict: both managers own it
    const same = await sim.kubectl(["apply", "--server-side", "--field-manager=same", "-f", file, "-n", NS]);
    expect(same.stdout.trim()).toBe("deployment.apps/csa serverside-applied");

    const forced = await sim.kubectl(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", changed, "-n", NS]);
    expect(forced.stdout.trim()).toBe("deployment.apps/csa serverside-applied");
    expect((await sim.kubectl(["get", "deploy", "csa", "-n", NS, "-o", "jsonpath={.spec.replicas}"])).stdout).toBe("3");
    const after = await managedFields("csa");
    expect(after.filter(ownsReplicas).map((e) => e.manager)).toEqual(["other"]);
  });

  it("kubectl's own server-side apply takes over from its client-side apply without conflicts", async () => {
    const file = await writeManifest("upgrade", 2);
    expect((await sim.kubectl(["apply", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/upgrade created");
    const changed = await writeManifest("upgrade", 4, "nginx:1.27");
    const ssa = await sim.kubectl(["apply", "--server-side", "-f", changed, "-n", NS]);
    expect(ssa).toMatchObject({ code: 0, stderr: "" });
    const got = await sim.kubectl(["get", "deploy", "upgrade", "-n", NS, "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"]);
    expect(got.stdout).toBe("4 nginx:1.27");
    const entries = await managedFields("upgrade");
    // kubectl migrated the client-side apply entry into its own and keeps the annotation under kubectl-last-applied
    expect(entries.map((e) => `${e.manager}/${e.operation}`).sort()).toEqual(["kubectl-last-applied/Apply", "kubectl/Apply"]);
    const annotation = await sim.kubectl(["get", "deploy", "upgrade", "-n", NS, "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"]);
    expect(JSON.parse(annotation.stdout)).toMatchObject({ spec: { replicas: 4 } });
    // a second server-side apply of the same manifest changes nothing
    const before = await rv("upgrade");
    expect((await sim.kubectl(["apply", "--server-side", "-f", changed, "-n", NS])).code).toBe(0);
    expect(await rv("upgrade")).toBe(before);
  });

  it("kubectl scale owns replicas through the scale subresource; apply then conflicts with it", async () => {
    const file = await writeManifest("ssa", 2);
    expect((await sim.kubectl(["scale", "deploy", "ssa", "--replicas=5", "-n", NS])).stdout.trim()).toBe("deployment.apps/ssa scaled");
    const entries = await managedFields("ssa");
    expect(entries.find((e) => e.subresource === "scale")).toMatchObject({ manager: "kubectl", operation: "Update", fieldsV1: { "f:spec": { "f:replicas": {} } } });
    const apply = await sim.kubectl(["apply", "--server-side", "-f", file, "-n", NS]);
    expect(apply.stderr.split("\n")[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it("ordinary writes record Update entries by field manager (label, set image)", async () => {
    expect((await sim.kubectl(["label", "deploy", "ssa", "tier=web", "-n", NS])).code).toBe(0);
    expect((await sim.kubectl(["set", "image", "deploy/ssa", "web=nginx:1.27", "-n", NS])).code).toBe(0);
    const entries = await managedFields("ssa");
    const label = entries.find((e) => e.manager === "kubectl-label");
    expect(label).toMatchObject({ operation: "Update", fieldsV1: { "f:metadata": { "f:labels": { "f:tier": {} } } } });
    const setImage = entries.find((e) => e.manager === "kubectl-set");
    expect(setImage?.fieldsV1["f:spec"]).toMatchObject({ "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { "f:image": {} } } } } });
    expect(JSON.stringify(setImage?.fieldsV1)).not.toMatch(/f:replicas|f:name/);
    // the image left kubectl's Apply entry when kubectl-set changed it
    const applied = entries.find((e) => e.manager === "kubectl" && e.operation === "Apply");
    expect(JSON.stringify(applied?.fieldsV1)).not.toMatch(/f:image/);
  });
});

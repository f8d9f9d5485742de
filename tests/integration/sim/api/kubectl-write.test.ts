/**
 * Real kubectl 1.32 write paths against the sim: protobuf `create` generators, patch (all types and
 * "no change"), set image, edit, client- and server-side apply, scale, label/annotate, delete, and
 * the 422/409 errors as kubectl prints them.
 */
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSim, type TestSim } from "../../../helpers/sim.js";

const NS = "team-w";
let sim: TestSim;

const manifest = (replicas: number, image = "nginx:1.25") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
  labels: {app: applied}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: applied}}
  template:
    metadata: {labels: {app: applied}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
`;

beforeAll(async () => {
  sim = await startTestSim();
  expect((await sim.kubectl(["create", "namespace", NS])).stdout.trim()).toBe(`namespace/${NS} created`);
  const r = await sim.kubectl(["create", "deployment", "frontend", "--image=nginx:1.25", "--replicas=2", "-n", NS]);
  expect(r.stdout.trim()).toBe("deployment.apps/frontend created");
});

afterAll(async () => {
  await sim?.stop();
});

describe("kubectl create generators (protobuf bodies)", () => {
  it("create configmap, then AlreadyExists on the second run", async () => {
    const first = await sim.kubectl(["create", "configmap", "cfg", "--from-literal=a=b", "-n", NS]);
    expect(first.stdout.trim()).toBe("configmap/cfg created");
    const data = await sim.kubectl(["get", "cm", "cfg", "-n", NS, "-o", "jsonpath={.data.a}"]);
    expect(data.stdout).toBe("b");
    const second = await sim.kubectl(["create", "configmap", "cfg", "--from-literal=a=b", "-n", NS]);
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe('error: failed to create configmap: configmaps "cfg" already exists');
  });

  it("create secret generic stores base64 data", async () => {
    const r = await sim.kubectl(["create", "secret", "generic", "creds", "--from-literal=POSTGRES_USER=taskmaster", "-n", NS]);
    expect(r.stdout.trim()).toBe("secret/creds created");
    const v = await sim.kubectl(["get", "secret", "creds", "-n", NS, "-o", "jsonpath={.data.POSTGRES_USER}"]);
    expect(Buffer.from(v.stdout, "base64").toString()).toBe("taskmaster");
    const t = await sim.kubectl(["get", "secret", "creds", "-n", NS]);
    expect(t.stdout).toMatch(/^creds\s+Opaque\s+1\s+\S+$/m);
  });

  it("create serviceaccount and service clusterip", async () => {
    expect((await sim.kubectl(["create", "serviceaccount", "backend", "-n", NS])).stdout.trim()).toBe("serviceaccount/backend created");
    expect((await sim.kubectl(["create", "service", "clusterip", "backend", "--tcp=8080:8080", "-n", NS])).stdout.trim()).toBe("service/backend created");
    const svc = await sim.kubectl(["get", "svc", "backend", "-n", NS, "-o", "wide"]);
    expect(svc.stdout).toMatch(/^backend\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+8080\/TCP\s+\S+\s+app=backend$/m);
  });

  it("create deployment decodes the pod template", async () => {
    const img = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.replicas} {.spec.strategy.type}"]);
    expect(img.stdout).toBe("nginx:1.25 2 RollingUpdate");
  });

  it("create role, rolebinding, quota and ingress", async () => {
    expect((await sim.kubectl(["create", "role", "reader", "--verb=get,list", "--resource=configmaps", "-n", NS])).stdout.trim()).toBe("role.rbac.authorization.k8s.io/reader created");
    expect((await sim.kubectl(["create", "rolebinding", "reader", "--role=reader", "--serviceaccount=team-w:backend", "-n", NS])).stdout.trim()).toBe(
      "rolebinding.rbac.authorization.k8s.io/reader created",
    );
    const rb = await sim.kubectl(["get", "rolebinding", "reader", "-n", NS, "-o", "wide"]);
    expect(rb.stdout).toMatch(/^reader\s+Role\/reader\s+\S+\s+team-w\/backend$/m);
    // a quota with requests.cpu would make every later pod in NS need requests: keep it apart
    await sim.kubectl(["create", "namespace", "team-q"]);
    expect((await sim.kubectl(["create", "quota", "q", "--hard=pods=10,requests.cpu=2", "-n", "team-q"])).stdout.trim()).toBe("resourcequota/q created");
    expect((await sim.kubectl(["get", "quota", "q", "-n", "team-q", "-o", "jsonpath={.spec.hard.pods}"])).stdout).toBe("10");
    const ing = await sim.kubectl(["create", "ingress", "tm", "--class=nginx", "--rule=taskmaster.local/*=frontend:80", "-n", NS]);
    expect(ing.stdout.trim()).toBe("ingress.networking.k8s.io/tm created");
    const t = await sim.kubectl(["get", "ingress", "tm", "-n", NS]);
    expect(t.stdout).toMatch(/^tm\s+nginx\s+taskmaster\.local\s+80\s+\S+$/m);
  });

  it("invalid names are 422 with the upstream RFC 1123 message", async () => {
    const r = await sim.kubectl(["create", "configmap", "Bad_Name", "-n", NS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of`);
  });
});

describe("kubectl patch / set image / edit", () => {
  it("set image sends a strategic merge patch", async () => {
    const r = await sim.kubectl(["set", "image", "deployment/frontend", "nginx=nginx:1.27", "-n", NS]);
    expect(r.stdout.trim()).toBe("deployment.apps/frontend image updated");
    const img = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.spec.template.spec.containers[0].image}"]);
    expect(img.stdout).toBe("nginx:1.27");
  });

  it("patch with each type, and 'patched (no change)' on a no-op", async () => {
    const smp = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "-p", '{"spec":{"replicas":3}}']);
    expect(smp.stdout.trim()).toBe("deployment.apps/frontend patched");
    const same = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "-p", '{"spec":{"replicas":3}}']);
    expect(same.stdout.trim()).toBe("deployment.apps/frontend patched (no change)");
    const merge = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=merge", "-p", '{"metadata":{"labels":{"tier":"web"}}}']);
    expect(merge.stdout.trim()).toBe("deployment.apps/frontend patched");
    const json = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=json", "-p", '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]']);
    expect(json.stdout.trim()).toBe("deployment.apps/frontend patched");
    const bad = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=json", "-p", '[{"op":"replace","path":"/spec/nope/x","value":1}]']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("doc is missing path");
  });

  it("validation errors come back as 422 with causes", async () => {
    const neg = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=merge", "-p", '{"spec":{"replicas":-1}}']);
    expect(neg.stderr.trim()).toBe('The Deployment "frontend" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const sel = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=json", "-p", '[{"op":"replace","path":"/spec/selector/matchLabels","value":{"app":"frontend","x":"y"}},{"op":"add","path":"/spec/template/metadata/labels/x","value":"y"}]']);
    expect(sel.stderr).toContain("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"frontend\", \"x\":\"y\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    const noContainers = await sim.kubectl(["patch", "deployment", "frontend", "-n", NS, "--type=json", "-p", '[{"op":"replace","path":"/spec/template/spec/containers","value":[]}]']);
    expect(noContainers.stderr).toContain("spec.template.spec.containers: Required value");
  });

  it("edit with a non-interactive KUBE_EDITOR patches the object", async () => {
    const editor = join(sim.dir, "editor.sh");
    await writeFile(editor, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
    await chmod(editor, 0o755);
    const r = await sim.kubectl(["edit", "deployment", "frontend", "-n", NS], { env: { KUBE_EDITOR: editor } });
    expect(r.stdout.trim()).toBe("deployment.apps/frontend edited");
    const n = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.spec.replicas}"]);
    expect(n.stdout).toBe("4");
    const cancelled = await sim.kubectl(["edit", "deployment", "frontend", "-n", NS], { env: { KUBE_EDITOR: "true" } });
    expect(cancelled.stderr.trim()).toBe("Edit cancelled, no changes made.");
  });

  it("label and annotate", async () => {
    expect((await sim.kubectl(["label", "deploy", "frontend", "team=red", "-n", NS])).stdout.trim()).toBe("deployment.apps/frontend labeled");
    expect((await sim.kubectl(["annotate", "deploy", "frontend", "note=hi", "-n", NS])).stdout.trim()).toBe("deployment.apps/frontend annotated");
    const r = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.metadata.labels.team} {.metadata.annotations.note}"]);
    expect(r.stdout).toBe("red hi");
  });

  it("scale goes through the autoscaling/v1 Scale subresource", async () => {
    const r = await sim.kubectl(["scale", "deployment", "frontend", "--replicas=1", "-n", NS]);
    expect(r.stdout.trim()).toBe("deployment.apps/frontend scaled");
    const n = await sim.kubectl(["get", "deploy", "frontend", "-n", NS, "-o", "jsonpath={.spec.replicas}"]);
    expect(n.stdout).toBe("1");
  });
});

describe("kubectl apply", () => {
  it("creates, is unchanged, then configured; server-side apply too", async () => {
    const file = join(sim.dir, "applied.yaml");
    await writeFile(file, manifest(1));
    expect((await sim.kubectl(["apply", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/applied created");
    expect((await sim.kubectl(["apply", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/applied unchanged");
    await writeFile(file, manifest(2));
    expect((await sim.kubectl(["apply", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/applied configured");
    await writeFile(file, manifest(3, "nginx:1.27"));
    const ssa = await sim.kubectl(["apply", "--server-side", "-f", file, "-n", NS]);
    expect(ssa.stdout.trim()).toBe("deployment.apps/applied serverside-applied");
    const r = await sim.kubectl(["get", "deploy", "applied", "-n", NS, "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"]);
    expect(r.stdout).toBe("3 nginx:1.27");
  });

  it("server-side apply creates a missing object", async () => {
    const file = join(sim.dir, "ssa-new.yaml");
    await writeFile(file, manifest(1).replace(/applied/g, "ssanew"));
    expect((await sim.kubectl(["apply", "--server-side", "-f", file, "-n", NS])).stdout.trim()).toBe("deployment.apps/ssanew serverside-applied");
  });
});

describe("kubectl delete", () => {
  it("deletes, and reports NotFound or nothing with --ignore-not-found", async () => {
    await sim.kubectl(["create", "configmap", "gone", "-n", NS]);
    expect((await sim.kubectl(["delete", "configmap", "gone", "-n", NS])).stdout.trim()).toBe('configmap "gone" deleted');
    const missing = await sim.kubectl(["delete", "pod", "nonexist", "-n", NS]);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nonexist" not found');
    const ignored = await sim.kubectl(["delete", "pod", "nonexist", "-n", NS, "--ignore-not-found"]);
    expect(ignored).toMatchObject({ code: 0, stdout: "" });
  });

  it("delete pod waits for the pod to go", async () => {
    sim.cluster.store.create({ group: "", version: "v1", resource: "pods" }, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "doomed", namespace: NS },
      spec: { containers: [{ name: "c", image: "busybox:1.36" }] },
    });
    const r = await sim.kubectl(["delete", "pod", "doomed", "-n", NS, "--grace-period=0", "--force"]);
    expect(r.stdout.trim()).toBe('pod "doomed" force deleted');
  });
});

import { describe, expect, it } from "vitest";
import { describeKubectl, kubectlArgs } from "../../../../server/src/tools/scenarios-check/kubectl-runner.js";

describe("kubectlArgs", () => {
  it.each([
    ["kubectl -n ns get pods", ["-n", "ns", "get", "pods"]],
    [`kubectl -n ns patch svc b --type=merge -p '{"spec":{"selector":{"app":"backend"}}}'`, ["-n", "ns", "patch", "svc", "b", "--type=merge", "-p", '{"spec":{"selector":{"app":"backend"}}}']],
    [`kubectl annotate deploy x "note=a b"`, ["annotate", "deploy", "x", "note=a b"]],
  ])("%s", (line, args) => {
    expect(kubectlArgs(line)).toEqual(args);
  });

  it.each([
    ["rm -rf /", "only kubectl commands may run"],
    ["/usr/bin/kubectl get pods", "only kubectl commands may run"],
    ["kubectl", "kubectl needs arguments"],
    ["kubectl get pods | grep x", 'shell operator "|"'],
    ["kubectl get pods; rm x", 'shell operator ";"'],
    ["kubectl get 'pods", "unterminated '"],
  ])("refuses %s", (line, message) => {
    expect(() => kubectlArgs(line)).toThrow(message);
  });
});

describe("describeKubectl", () => {
  it("shows stdout on success and stderr on failure, clipped", () => {
    expect(describeKubectl({ args: ["get", "pods"], stdout: "NAME\nx\n", stderr: "", code: 0 })).toBe("kubectl get pods → exit 0: NAME\nx");
    expect(describeKubectl({ args: ["get", "nope"], stdout: "", stderr: 'error: the server doesn\'t have a resource type "nope"\n', code: 1 })).toBe(
      'kubectl get nope → exit 1: error: the server doesn\'t have a resource type "nope"',
    );
    expect(describeKubectl({ args: ["x"], stdout: "a".repeat(50), stderr: "", code: 0 }, 10)).toBe(`kubectl x → exit 0: ${"a".repeat(10)}…`);
  });
});

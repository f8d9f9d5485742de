import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../../server/src/scenarios/command-line.js";

describe("splitCommandLine", () => {
  it.each([
    ["kubectl get pods", ["kubectl", "get", "pods"]],
    ["  kubectl   -n  ns   get pods  ", ["kubectl", "-n", "ns", "get", "pods"]],
    [`kubectl patch svc x -p '{"spec": {"a": 1}}'`, ["kubectl", "patch", "svc", "x", "-p", '{"spec": {"a": 1}}']],
    [`kubectl annotate x k="a b" y=c\\ d`, ["kubectl", "annotate", "x", "k=a b", "y=c d"]],
    [`kubectl x "say \\"hi\\""`, ["kubectl", "x", 'say "hi"']],
    [`kubectl x ''`, ["kubectl", "x", ""]],
  ])("%s", (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });

  it.each(["kubectl get pods | grep x", "kubectl x 'open", 'kubectl x "open', "kubectl get $X", "kubectl a; rm -rf /"])("rejects %s", (line) => {
    expect(() => splitCommandLine(line)).toThrow();
  });
});

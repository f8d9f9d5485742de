import { describe, expect, it } from "vitest";
import { clueMatches, matchClues, type ActivityLike, type ClueMatchSpec } from "../../../server/src/engine/clue-matcher.js";
import { normaliseResource, resourceForKind } from "../../../server/src/engine/resource-names.js";

const act = (a: Partial<ActivityLike>): ActivityLike => ({
  verb: "get",
  resource: "pods",
  subresource: "",
  name: "",
  namespace: "team-a",
  kubectlCommand: "kubectl get",
  code: 200,
  allowed: true,
  ...a,
});

// What kubectl 1.32 sends for the seed's commands (KUBECTL-PROTOCOL.md): command path without args.
const DESCRIBE_POD = act({ kubectlCommand: "kubectl describe", verb: "get", resource: "pods", name: "frontend-7d9c4-x2b8k" });
const DESCRIBE_EVENTS = act({ kubectlCommand: "kubectl describe", verb: "list", resource: "events" });
const GET_POD_JSONPATH = act({ kubectlCommand: "kubectl get", verb: "get", resource: "pods", name: "frontend-7d9c4-x2b8k" });
const GET_PODS = act({ kubectlCommand: "kubectl get", verb: "list", resource: "pods" });
const LOGS = act({ kubectlCommand: "kubectl logs", verb: "get", resource: "pods", subresource: "log", name: "backend-5f6-abcde" });
const GET_EVENTS = act({ kubectlCommand: "kubectl get", verb: "list", resource: "events" });
const GET_DEPLOY = act({ kubectlCommand: "kubectl get", verb: "get", resource: "deployments", name: "frontend" });
const SET_IMAGE = act({ kubectlCommand: "kubectl set image", verb: "patch", resource: "deployments", name: "frontend" });

describe("clueMatches", () => {
  const cases: { name: string; activity: ActivityLike; clue: ClueMatchSpec; expected: boolean }[] = [
    { name: "describe pod by command glob + name glob", activity: DESCRIBE_POD, clue: { command: "kubectl describe*", resource: "pods", name: "frontend-*" }, expected: true },
    { name: "describe pod: exact command", activity: DESCRIBE_POD, clue: { command: "kubectl describe", resource: "pods" }, expected: true },
    { name: "describe pod: other deployment's pod", activity: DESCRIBE_POD, clue: { command: "kubectl describe*", resource: "pods", name: "backend-*" }, expected: false },
    { name: "get pod -o jsonpath = verb get, resource pods", activity: GET_POD_JSONPATH, clue: { verb: "get", resource: "pods", name: "frontend-*" }, expected: true },
    { name: "list pods is not verb get", activity: GET_PODS, clue: { verb: "get", resource: "pods" }, expected: false },
    { name: "a name clue never matches a list without a name", activity: GET_PODS, clue: { resource: "pods", name: "frontend-*" }, expected: false },
    { name: "logs = pods/log", activity: LOGS, clue: { resource: "pods", subresource: "log" }, expected: true },
    { name: "logs with command glob", activity: LOGS, clue: { command: "kubectl logs*", resource: "pods", subresource: "log", name: "backend-*" }, expected: true },
    { name: "subresource required but absent", activity: GET_POD_JSONPATH, clue: { resource: "pods", subresource: "log" }, expected: false },
    { name: "no subresource in clue matches any subresource", activity: LOGS, clue: { resource: "pods" }, expected: true },
    { name: "get events", activity: GET_EVENTS, clue: { command: "kubectl get", verb: "list", resource: "events" }, expected: true },
    { name: "describe also lists events", activity: DESCRIBE_EVENTS, clue: { resource: "events" }, expected: true },
    { name: "get events is not describe", activity: GET_EVENTS, clue: { command: "kubectl describe*", resource: "events" }, expected: false },
    { name: "clue short name po", activity: GET_POD_JSONPATH, clue: { resource: "po" }, expected: true },
    { name: "clue singular pod", activity: GET_POD_JSONPATH, clue: { resource: "pod" }, expected: true },
    { name: "clue deploy vs deployments", activity: GET_DEPLOY, clue: { resource: "deploy", name: "frontend" }, expected: true },
    { name: "resource mismatch", activity: GET_DEPLOY, clue: { resource: "pods" }, expected: false },
    { name: "verb patch from set image", activity: SET_IMAGE, clue: { command: "kubectl set *", verb: "patch", resource: "deployments" }, expected: true },
    { name: "? matches one character", activity: GET_DEPLOY, clue: { resource: "deployments", name: "frontend?" }, expected: false },
    { name: "denied requests never count", activity: { ...DESCRIBE_POD, allowed: false, code: 403 }, clue: { resource: "pods" }, expected: false },
    { name: "failed requests never count (404)", activity: { ...DESCRIBE_POD, code: 404 }, clue: { resource: "pods" }, expected: false },
    { name: "discovery never counts", activity: { ...GET_PODS, isDiscovery: true }, clue: { resource: "pods" }, expected: false },
    { name: "no Kubectl-Command header fails a command clue", activity: { ...DESCRIBE_POD, kubectlCommand: "" }, clue: { command: "kubectl*", resource: "pods" }, expected: false },
    { name: "regex characters in globs are literal", activity: act({ resource: "pods", name: "a.b" }), clue: { resource: "pods", name: "a.b" }, expected: true },
    { name: "regex characters in globs are literal (no wildcard dot)", activity: act({ resource: "pods", name: "axb" }), clue: { resource: "pods", name: "a.b" }, expected: false },
  ];
  it.each(cases)("$name", ({ activity, clue, expected }) => {
    expect(clueMatches(activity, clue)).toBe(expected);
  });
});

describe("matchClues", () => {
  const clues: ClueMatchSpec[] = [
    { command: "kubectl describe*", resource: "pods", name: "frontend-*" },
    { resource: "events" },
    { command: "kubectl get", verb: "get", resource: "deployments", name: "frontend" },
    { resource: "pods" },
  ];
  it.each([
    ["describe pod", DESCRIBE_POD, [0, 3]],
    ["describe's event list", DESCRIBE_EVENTS, [1]],
    ["get deployment", GET_DEPLOY, [2]],
    ["logs", LOGS, [3]],
    ["refused", { ...DESCRIBE_POD, allowed: false }, []],
    ["failed (404)", { ...DESCRIBE_POD, code: 404 }, []],
    ["exec upgrade (101)", { ...DESCRIBE_POD, kubectlCommand: "kubectl exec", verb: "connect", subresource: "exec", code: 101 }, [3]],
  ] as const)("%s → %j", (_, activity, expected) => {
    expect(matchClues(activity, clues)).toEqual(expected);
  });
});

describe("resource names", () => {
  it.each([
    ["po", "pods"],
    ["Pod", "pods"],
    ["pods", "pods"],
    ["svc", "services"],
    ["deployments.apps", "deployments"],
    ["ep", "endpoints"],
    ["endpoints", "endpoints"],
    ["ingress", "ingresses"],
    ["netpol", "networkpolicies"],
  ])("normaliseResource(%s) = %s", (input, out) => expect(normaliseResource(input)).toBe(out));
  it.each([
    ["Deployment", "deployments"],
    ["PersistentVolumeClaim", "persistentvolumeclaims"],
    ["NetworkPolicy", "networkpolicies"],
    ["Widget", "widgets"],
    ["Gateway", "gateways"],
    ["Policy", "policies"],
    ["Mesh", "meshes"],
  ])("resourceForKind(%s) = %s", (kind, out) => expect(resourceForKind(kind)).toBe(out));
});

import { describe, expect, it } from "vitest";
import { formatProblem, validatePackText, validateScenarioText } from "../../../server/src/scenarios/index.js";
import { edit, minimalScenarioText } from "./helpers.js";

const FILE = "scenario.yaml";

function problems(text: string): string[] {
  return validateScenarioText(FILE, text).problems.map(formatProblem);
}

describe("scenario schema: good examples", () => {
  it("accepts the minimal fixture", () => {
    const r = validateScenarioText(FILE, minimalScenarioText());
    expect(r.problems).toEqual([]);
    expect(r.spec?.id).toBe("minimal-scenario");
  });

  it.each([
    ["a json patch", edit(minimalScenarioText(), "      type: strategic\n      patch:\n        spec:\n          template:\n            spec:\n              containers:\n                - name: frontend\n                  image: \"example/frontend:{{params.tag}}\"",
      "      type: json\n      patch:\n        - { op: replace, path: /spec/template/spec/containers/0/image, value: \"x:{{params.tag}}\" }")],
    ["a scale + delete + apply + deletePods break", edit(minimalScenarioText(), "  - patch:\n      target: { kind: Deployment, name: frontend }",
      "  - scale: { target: { kind: Deployment, name: frontend }, replicas: 0 }\n  - delete: { target: { kind: Deployment, name: frontend } }\n  - deletePods: { selector: app=frontend }\n  - apply:\n      manifest: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata: { name: \"cm-{{params.tag}}\" }\n  - patch:\n      target: { kind: Deployment, name: frontend }").replace("targets:\n  - { kind: Deployment, name: frontend }", "targets:\n  - { kind: Deployment, name: frontend }\n  - { kind: ConfigMap, name: \"cm-{{params.tag}}\" }")],
    ["a not condition in forbid and recovery", edit(minimalScenarioText(), "    - replicasBelow: { target: { kind: Deployment, name: frontend }, replicas: 1 }",
      "    - replicasBelow: { target: { kind: Deployment, name: frontend }, replicas: 1 }\n    - not: { not: { pvcBound: { name: data } } }\n    - imageNotIn: { target: { kind: Deployment, name: frontend }, repositories: [example/frontend] }")],
    ["int and oneOf params", edit(minimalScenarioText(), "params:\n", "params:\n  n:\n    int: { min: 1, max: 3 }\n  pick:\n    oneOf: [a, b, 8080]\n")],
  ])("accepts %s", (_, text) => {
    expect(problems(text)).toEqual([]);
  });
});

describe("scenario schema: bad examples name file, line and field path", () => {
  it.each([
    [
      "wrong type deep in recovery",
      ["podsReady: { selector: app=frontend, noWaitingReason: true }", "podsReady: { selector: 42, noWaitingReason: true }"],
      ["scenario.yaml:45: recovery.all[1].podsReady.selector: expected string, received number"],
    ],
    ["unknown top-level field", ["title: Minimal scenario", "title: Minimal scenario\ncolour: red"], ["scenario.yaml:3: colour: unknown field"]],
    [
      "unknown field inside a symptom",
      ["podStatus: { selector: app=frontend, anyOf: [ErrImagePull, ImagePullBackOff] }", "podStatus: { selector: app=frontend, anyOf: [ErrImagePull], foo: 1 }"],
      ["scenario.yaml:29: symptoms[0].podStatus.foo: unknown field"],
    ],
    [
      "unknown condition kind",
      ["    - deploymentAvailable: { name: frontend }", "    - deploymentReady: { name: frontend }"],
      [
        'scenario.yaml:44: recovery.all[0].deploymentReady: unknown recovery condition kind "deploymentReady"; expected one of: deploymentAvailable, podsReady, serviceHasEndpoints, httpViaProxy, objectExists, fieldEquals, fieldMatches, pvcBound, ingressRoutes, not',
      ],
    ],
    [
      "two kinds in one condition",
      ["    - deploymentAvailable: { name: frontend }", "    - deploymentAvailable: { name: frontend }\n      pvcBound: { name: data }"],
      ["scenario.yaml:44: recovery.all[0]: expected exactly one recovery condition kind, got deploymentAvailable and pvcBound"],
    ],
    [
      "bad enum",
      ["difficulty: easy", "difficulty: extreme"],
      ['scenario.yaml:3: difficulty: Invalid option: expected one of "easy"|"medium"|"hard"'],
    ],
    [
      "duration without unit",
      ["timeLimit: 5m", "timeLimit: 5 minutes"],
      ['scenario.yaml:5: timeLimit: expected a duration with units, e.g. "20s", "10m", "1h30m"'],
    ],
    [
      "missing required field",
      ["title: Minimal scenario\n", ""],
      ["scenario.yaml:1: title: required field missing (expected string)"],
    ],
    [
      "two correct root causes",
      ["{ id: other, text: Something else. }", "{ id: other, text: Something else., correct: true }"],
      ["scenario.yaml:39: rootCause.options: exactly one option must be correct, found 2"],
    ],
    [
      "a json patch given as an object",
      ["      type: strategic", "      type: json"],
      ["scenario.yaml:21: break[0].patch.patch: a json patch is a list of operations"],
    ],
    [
      "random string of length 0",
      ["randomString: { length: 4 }", "randomString: { length: 0 }"],
      ["scenario.yaml:15: params.tag.randomString.length: Too small: expected number to be >=1"],
    ],
    [
      "param with no known generator",
      ['randomString: { length: 4 }\n    prefix: "9."', "foo: 1"],
      ["scenario.yaml:14: params.tag: expected an object with one of the keys: oneOf, randomString, int"],
    ],
    [
      "int param with min above max",
      ['randomString: { length: 4 }\n    prefix: "9."', "int: { min: 5, max: 1 }"],
      ["scenario.yaml:15: params.tag.int: min must be <= max"],
    ],
    [
      "solution step object without stdin",
      ['  - "kubectl -n {{namespace}} set image deployment/frontend frontend=example/frontend:1.0"', '  - { command: "kubectl apply -f -" }'],
      ["scenario.yaml:52: solution[0].stdin: required field missing (expected string)"],
    ],
    [
      "bad field path in fieldEquals",
      ["    - podsReady: { selector: app=frontend, noWaitingReason: true }", "    - fieldEquals: { target: { kind: Deployment, name: frontend }, path: \"spec..replicas\", value: 2 }"],
      ['scenario.yaml:45: recovery.all[1].fieldEquals.path: expected a field path like "spec.template.spec.containers[name=web].image"'],
    ],
    [
      "template referencing an unknown param",
      ['image: "example/frontend:{{params.tag}}"', 'image: "example/frontend:{{params.nope}}"'],
      ['scenario.yaml:27: break[0].patch.patch.spec.template.spec.containers[0].image: unknown param "nope" in {{params.nope}} (declared: tag)'],
    ],
    [
      "template with an unknown placeholder",
      ['"kubectl -n {{namespace}} set image', '"kubectl -n {{teem}} set image'],
      ["scenario.yaml:52: solution[0]: unknown placeholder {{teem}}: use {{params.<name>}}, {{namespace}} or {{team}}"],
    ],
    [
      "no key clue",
      ["    key: true\n", ""],
      ["scenario.yaml:30: clues: at least one clue must be key: true"],
    ],
    [
      "break target not listed in targets",
      ["targets:\n  - { kind: Deployment, name: frontend }", "targets:\n  - { kind: Deployment, name: backend }"],
      ["scenario.yaml:19: break[0].patch.target: Deployment/frontend is changed by the break but not listed in targets"],
    ],
    [
      "solution that is not kubectl",
      ['  - "kubectl -n {{namespace}} set image', '  - "helm -n {{namespace}} set image'],
      ['scenario.yaml:52: solution[0]: expected a kubectl command starting with "kubectl "'],
    ],
    [
      "YAML syntax error",
      ["summary: A small valid scenario used by the loader tests.", "summary: [unclosed"],
      ["scenario.yaml:8: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ],
  ])("%s", (_, [from, to], expected) => {
    expect(problems(edit(minimalScenarioText(), from!, to!))).toEqual(expected);
  });
});

describe("pack schema", () => {
  const good = "id: p\ntitle: P\ndescription: D\nduration: 30m\napp: taskmaster\ntimeline:\n  - { scenario: a, at: 1m }\n  - { scenario: b, after: previous-recovered-or-expired, delay: 30s }\n";
  it("accepts at and after entries, defaulting simultaneous to true", () => {
    const r = validatePackText("p.yaml", good);
    expect(r.problems).toEqual([]);
    expect(r.spec?.simultaneous).toBe(true);
  });
  it.each([
    ["first entry relative", good.replace("{ scenario: a, at: 1m }", "{ scenario: a, after: previous-recovered-or-expired }"), ["p.yaml:7: timeline[0].after: the first entry has no previous; use at"]],
    ["both at and after", good.replace("{ scenario: b, after:", "{ scenario: b, at: 1m, after:"), ["p.yaml:8: timeline[1]: give exactly one of at or after"]],
    ["delay without after", good.replace("{ scenario: a, at: 1m }", "{ scenario: a, at: 1m, delay: 5s }"), ["p.yaml:7: timeline[0].delay: delay only goes with after"]],
    ["unknown field", good + "shuffle: true\n", ["p.yaml:9: shuffle: unknown field"]],
    ["bad scoring field", good + "scoring: { bonus: 3 }\n", ["p.yaml:9: scoring.bonus: unknown field"]],
  ])("rejects %s", (_, text, expected) => {
    expect(validatePackText("p.yaml", text).problems.map(formatProblem)).toEqual(expected);
  });
});

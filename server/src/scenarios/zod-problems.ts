import type { z } from "zod";
import type { ScenarioProblem } from "./errors.js";
import { formatPath } from "./field-path-format.js";
import type { YamlSource } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into located problems: one per unknown key (`path.key: unknown field`), the most
 * plausible branch of a failed union, and short messages (`expected string, received number`).
 */
export function zodProblems(issues: readonly Issue[], source: YamlSource): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  for (const issue of flatten(issues, [])) {
    out.push({
      file: source.file,
      line: source.lineOf(issue.path),
      path: formatPath(issue.path),
      message: issue.message,
    });
  }
  return out;
}

interface FlatIssue {
  path: PropertyKey[];
  message: string;
}

function flatten(issues: readonly Issue[], prefix: PropertyKey[]): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PropertyKey[])];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown field" });
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // a branch "matches" when its identifying key is present; report that branch's problems only
      const shaped = issue.errors.filter((b) => !b.some(isRootMismatch));
      const matched = shaped.filter((b) => !b.every(isMissingKey));
      if (matched.length) out.push(...flatten(bestBranch(matched), path));
      else if (shaped.length === 1) out.push(...flatten(shaped[0]!, path));
      else {
        const keys = [...new Set(issue.errors.flatMap((b) => b.filter(isMissingKey).map((i) => String(i.path[0]))))];
        if (keys.length) out.push({ path, message: `expected an object with one of the keys: ${keys.join(", ")}` });
        else out.push(...flatten(bestBranch(issue.errors), path));
      }
    } else {
      out.push({ path, message: shortMessage(issue) });
    }
  }
  return out;
}

/** A required key of the branch's own object is missing (e.g. `oneOf` for a {oneOf} generator). */
function isMissingKey(i: Issue): boolean {
  return i.path.length === 1 && i.code === "invalid_type" && /received undefined$/.test(i.message);
}

/** The value does not have the branch's shape at all: wrong type, or keys the branch does not know. */
function isRootMismatch(i: Issue): boolean {
  return i.path.length === 0 && (i.code === "invalid_type" || i.code === "unrecognized_keys");
}

/** The branch that got furthest: fewest issues at its own root, then fewest issues overall. */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  const score = (b: readonly Issue[]) => {
    const rootFailures = b.filter((i) => i.path.length === 0 && i.code !== "custom").length;
    return rootFailures * 1000 + b.length;
  };
  return [...branches].sort((a, b) => score(a) - score(b))[0]!;
}

function shortMessage(issue: Issue): string {
  const msg = issue.message.replace(/^Invalid input: /, "");
  if (issue.code === "invalid_type" && /received undefined$/.test(msg)) {
    return `required field missing (expected ${issue.expected})`;
  }
  return msg;
}

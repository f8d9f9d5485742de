import type { SelectorChangedForbid } from "../../../scenarios/index.js";
import { targetObject } from "./objects.js";
import type { CheapFix } from "./types.js";

/** Re-pointing the selector at other pods (e.g. ones started by hand) instead of repairing the real ones. */
export const selectorChanged: CheapFix<SelectorChangedForbid> = (s, snapshot) => {
  const obj = targetObject(snapshot, s.target);
  const selector = { ...s.selector, "firedrill.io/shortcut": "true" };
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  obj.spec = s.target.kind === "Service" ? { ...spec, selector } : { ...spec, selector: { ...(spec.selector as object), matchLabels: selector } };
  return `kubectl patch ${s.target.kind.toLowerCase()} ${s.target.name} (selector → ${JSON.stringify(selector)})`;
};

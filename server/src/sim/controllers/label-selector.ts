/**
 * Structured label selectors (`{matchLabels, matchExpressions}`, as in Deployment.spec.selector)
 * and node-selector terms. The store parses the string form; controllers need the object form.
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function matchesRequirement(labels: Record<string, string>, req: LabelSelectorRequirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case "In":
      return has && (req.values ?? []).includes(value!);
    case "NotIn":
      return !has || !(req.values ?? []).includes(value!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
      return has && Number(value) > Number(req.values?.[0]);
    case "Lt":
      return has && Number(value) < Number(req.values?.[0]);
    default:
      return false;
  }
}

/**
 * Upstream semantics: a nil selector matches nothing; an empty one (`{}`) matches everything.
 */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) if (!matchesRequirement(l, req)) return false;
  return true;
}

/** A Service-style map selector (`spec.selector`): every pair must match; empty matches nothing here. */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

/** `a=b,c in (d,e)` as kubectl and `status.selector` print selectors. */
export function selectorString(selector: LabelSelector | undefined): string {
  if (!selector) return "";
  const parts = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(",");
    if (r.operator === "In") parts.push(`${r.key} in (${vals})`);
    else if (r.operator === "NotIn") parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === "Exists") parts.push(r.key);
    else if (r.operator === "DoesNotExist") parts.push(`!${r.key}`);
  }
  return parts.join(",");
}

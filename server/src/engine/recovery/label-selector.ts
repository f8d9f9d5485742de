/**
 * kubectl-style label selectors: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`,
 * comma-separated (AND). Parsed once per condition; malformed input throws with the offending term.
 */
export type LabelRequirement =
  | { key: string; op: "eq" | "neq"; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "notexists" };

export function parseLabelSelector(selector: string): LabelRequirement[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(cur);
      cur = "";
    } else cur += ch;
  }
  terms.push(cur);
  return terms
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => {
      let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
      if (m) return { key: m[1]!, op: m[2] as "in" | "notin", values: m[3]!.split(",").map((v) => v.trim()).filter(Boolean) };
      m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(t);
      if (m) return { key: m[1]!, op: m[2] === "!=" ? ("neq" as const) : ("eq" as const), value: m[3]! };
      m = /^(!?)([^\s!=()]+)$/.exec(t);
      if (m) return { key: m[2]!, op: m[1] ? ("notexists" as const) : ("exists" as const) };
      throw new Error(`bad label selector term "${t}" in "${selector}"`);
    });
}

export function labelsMatch(labels: Readonly<Record<string, string>> | undefined, reqs: readonly LabelRequirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case "eq":
        return has && l[r.key] === r.value;
      case "neq":
        return !has || l[r.key] !== r.value;
      case "in":
        return has && r.values.includes(l[r.key]!);
      case "notin":
        return !has || !r.values.includes(l[r.key]!);
      case "exists":
        return has;
      case "notexists":
        return !has;
    }
  });
}

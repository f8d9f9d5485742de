/**
 * Kubernetes resource quantities ("100m", "256Mi", "1.5Gi", "2") as numbers of milli-units, and back
 * to the canonical strings kube-apiserver prints in quota and scheduler messages.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parses a quantity into milli-units (`"100m"` → 100, `"1Gi"` → 1073741824000). Throws on garbage. */
export function parseMilli(q: string | number | undefined): number {
  if (q === undefined || q === null || q === "") return 0;
  if (typeof q === "number") return Math.round(q * 1000);
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const num = Number(m[1]);
  let mult = 1;
  if (m[2]) mult = 10 ** Number(m[2].slice(1));
  else if (m[3]) mult = BINARY[m[3]] ?? DECIMAL[m[3]] ?? 1;
  // round up like resource.Quantity.MilliValue does for sub-milli precision
  return Math.ceil(num * mult * 1000 - 1e-6);
}

export function isCpuLike(resource: string): boolean {
  return resource === "cpu" || resource.endsWith(".cpu");
}

export function isByteLike(resource: string): boolean {
  return /memory|storage/.test(resource);
}

/** Canonical string for `resource`'s milli-value: cpu as cores or `m`, bytes with binary suffixes. */
export function formatQuantity(resource: string, milli: number): string {
  if (isCpuLike(resource)) return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  if (milli % 1000 !== 0) return `${milli}m`;
  const v = milli / 1000;
  if (isByteLike(resource) && v !== 0) {
    for (const [suffix, mult] of Object.entries(BINARY).reverse()) if (v % mult === 0) return `${v / mult}${suffix}`;
    for (const [suffix, mult] of [["E", 1e18], ["P", 1e15], ["T", 1e12], ["G", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
      if (v % mult === 0) return `${v / mult}${suffix}`;
    }
  }
  return String(v);
}

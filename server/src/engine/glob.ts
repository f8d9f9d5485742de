/** Compiled globs, cached: clue and target names are matched against every kubectl request. */
const cache = new Map<string, RegExp>();
/** Cache bound, so that arbitrary patterns cannot grow memory without limit. */
const GLOB_CACHE_MAX = 1_000;

/** Glob → anchored RegExp: `*` any run of characters, `?` exactly one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "s");
    if (cache.size >= GLOB_CACHE_MAX) cache.clear();
    cache.set(glob, re);
  }
  return re;
}

export function globMatches(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
}

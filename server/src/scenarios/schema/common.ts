import { z } from "zod";

/** Lower-case words joined by single hyphens, as Kubernetes names and scenario ids are. */
export const KEBAB_CASE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A duration with units ("20s", "10m", "1h30m", "500ms"); parsed once at the edge by core's parseDuration. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
/** `{{params.name}}`, `{{namespace}}`, `{{team}}` (spaces inside the braces allowed). */
export const TEMPLATE_PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const KebabId = z.string().regex(KEBAB_CASE_PATTERN, "expected a kebab-case id (e.g. image-pull-backoff)");

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration with units, e.g. "20s", "10m", "1h30m"')
  .meta({ description: 'Duration with units: "500ms", "20s", "10m", "1h30m".' });

/** Any string field of a scenario may contain `{{params.x}}`, `{{namespace}}` or `{{team}}`. */
export const Templated = z.string().meta({ description: "String; may use {{params.x}}, {{namespace}}, {{team}}." });

/** A label selector in kubectl syntax: "app=frontend" or "app=backend,tier=api". */
export const LabelSelector = z
  .string()
  .min(1)
  .meta({ description: 'Label selector in kubectl syntax, e.g. "app=frontend".' });

/** A glob: `*` matches any run of characters, `?` one character. */
export const Glob = z.string().min(1).meta({ description: "Glob: * matches any characters, ? one." });

/** A Kubernetes object in the team's namespace (or cluster-scoped, e.g. StorageClass), by kind and name. */
export const TargetRef = z
  .strictObject({
    kind: z.string().min(1).meta({ description: 'Kind as in the manifest: "Deployment", "Service", "ConfigMap".' }),
    name: Templated.min(1),
  })
  .meta({ description: "An object the scenario touches, by kind and name (namespace is the team's)." });

export type TargetRef = z.output<typeof TargetRef>;

/** Arbitrary Kubernetes-shaped data (a manifest, a patch body, a field value). */
export const AnyObject = z.record(z.string(), z.unknown());

/**
 * Builds the YAML shape `{ <kind>: <spec> }` from a registry of kinds: exactly one key, and an unknown
 * key is reported as an unknown kind with the list of known ones (one issue, at that key).
 */
export function oneKindOf<R extends Record<string, z.ZodType>>(registry: R, what: string, id?: string) {
  const names = Object.keys(registry);
  const shape = Object.fromEntries(names.map((k) => [k, registry[k]!.optional()]));
  return z
    .looseObject(shape)
    .superRefine((value, ctx) => {
      const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
      const unknown = keys.filter((k) => !(k in registry));
      for (const k of unknown) {
        ctx.addIssue({ code: "custom", path: [k], message: `unknown ${what} kind "${k}"; expected one of: ${names.join(", ")}` });
      }
      if (unknown.length) return;
      if (keys.length !== 1) {
        ctx.addIssue({
          code: "custom",
          message:
            keys.length === 0
              ? `expected exactly one ${what} kind, one of: ${names.join(", ")}`
              : `expected exactly one ${what} kind, got ${keys.join(" and ")}`,
        });
      }
    })
    .meta({
      ...(id ? { id } : {}),
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      description: `One ${what}: an object with exactly one key naming its kind.`,
    }) as unknown as z.ZodType<OneKindOf<{ [K in keyof R]: z.output<R[K]> }>>;
}

/** `{a: A, b: B}` → `{a: A} | {b: B}`: the TypeScript shape of a one-kind object. */
export type OneKindOf<M> = { [K in keyof M]: { [P in K]: M[K] } }[keyof M];

/**
 * The kind name and spec of a one-kind object (`{podsReady: {...}}` → `["podsReady", {...}]`).
 * For typed access narrow with `in` instead: `if ("podsReady" in c) c.podsReady.selector`.
 */
export function kindOf(value: object): [string, unknown] {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) throw new Error(`expected exactly one kind key, got ${entries.map(([k]) => k).join(", ") || "none"}`);
  return entries[0]!;
}

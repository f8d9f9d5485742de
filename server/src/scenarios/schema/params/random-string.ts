import { z } from "zod";

/** Longest random string a param may ask for, in characters; names must stay valid Kubernetes names. */
export const MAX_RANDOM_STRING_LENGTH = 40;

/** `{randomString: {length, alphabet?}, prefix?, suffix?}`: e.g. a per-team image tag "2.0-x7kq". */
export const RandomStringParam = z
  .strictObject({
    randomString: z.strictObject({
      length: z.int().min(1).max(MAX_RANDOM_STRING_LENGTH),
      alphabet: z
        .string()
        .min(2)
        .optional()
        .meta({ description: "Characters to draw from; default core's KUBE_NAME_ALPHABET (no vowels, no look-alikes)." }),
    }),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
  })
  .meta({ description: "A random string per team, with optional prefix and suffix." });
export type RandomStringParam = z.output<typeof RandomStringParam>;

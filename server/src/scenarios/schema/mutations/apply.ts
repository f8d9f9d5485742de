import { z } from "zod";
import { AnyObject } from "../common.js";

/**
 * `apply: {manifest}`: create or replace one object (server-side apply semantics). The manifest is an
 * object or a YAML string; its namespace is always the team's, whatever it says.
 */
export const ApplyMutation = z
  .strictObject({
    manifest: z.union([AnyObject, z.string()]).meta({ description: "One Kubernetes object, as YAML text or a mapping." }),
  })
  .superRefine((m, ctx) => {
    if (typeof m.manifest === "string") return; // checked after parsing, see loader
    const o = m.manifest as Record<string, unknown>;
    const meta = o.metadata as Record<string, unknown> | undefined;
    for (const f of ["apiVersion", "kind"]) {
      if (typeof o[f] !== "string") ctx.addIssue({ code: "custom", path: ["manifest", f], message: `a manifest needs ${f}` });
    }
    if (!meta || typeof meta.name !== "string") {
      ctx.addIssue({ code: "custom", path: ["manifest", "metadata", "name"], message: "a manifest needs metadata.name" });
    }
  })
  .meta({ description: "Create or update one object from a manifest." });
export type ApplyMutation = z.output<typeof ApplyMutation>;

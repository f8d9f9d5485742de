/**
 * Baseline apps live in `scenarios/apps/<app>/*.yaml`, namespace-less. This loads them in file order
 * and fills the scenario placeholders (`{{params.x}}`, `{{namespace}}`, `{{team}}`, same renderer as
 * scenarios) from the team's context.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubernetesObject } from "@kubernetes/client-node";
import { renderTemplate, type RenderContext } from "../scenarios/index.js";

const PLACEHOLDER = /\{\{[^{}]*\}\}/;
const APP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What `{{params.x}}`, `{{namespace}}` and `{{team}}` in an app's manifests are filled with. */
export type AppRenderContext = RenderContext;

/** Parses multi-document YAML into objects; empty documents are skipped, bad ones are errors. */
export function parseManifests(text: string, source = "manifest"): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const obj = doc.toJS() as KubernetesObject | null;
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== "object" || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new Error(`${source}: every document needs apiVersion, kind and metadata.name`);
    }
    out.push(obj);
  }
  return out;
}

export interface AppSource {
  app: string;
  files: { file: string; text: string }[];
}

/** Reads an app's manifest files (once per app per process: see {@link AppManifestCache}). */
export async function readAppSource(scenariosDir: string, app: string): Promise<AppSource> {
  if (!APP_NAME.test(app)) throw new Error(`invalid app name "${app}"`);
  const dir = join(scenariosDir, "apps", app);
  const names = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (names.length === 0) throw new Error(`app "${app}" has no manifests in ${dir}`);
  const files = await Promise.all(names.map(async (file) => ({ file, text: await readFile(join(dir, file), "utf8") })));
  return { app, files };
}

/** Parsed documents of placeholder-free files, so 50 teams don't parse the same YAML 50 times. */
const parsedStatic = new WeakMap<object, KubernetesObject[]>();

export function renderAppManifests(source: AppSource, ctx: AppRenderContext): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const f of source.files) {
    const where = `${source.app}/${f.file}`;
    if (!PLACEHOLDER.test(f.text)) {
      let parsed = parsedStatic.get(f);
      if (!parsed) parsedStatic.set(f, (parsed = parseManifests(f.text, where)));
      objects.push(...parsed.map((o) => structuredClone(o)));
      continue;
    }
    objects.push(...parseManifests(renderTemplate(f.text, ctx, where), where));
  }
  return objects;
}

export async function loadAppManifests(scenariosDir: string, app: string, ctx: AppRenderContext): Promise<KubernetesObject[]> {
  return renderAppManifests(await readAppSource(scenariosDir, app), ctx);
}

/** Creation order that avoids needless failures: config and identities before the workloads using them. */
const KIND_ORDER = [
  "Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding", "Secret",
  "ConfigMap", "PersistentVolumeClaim", "Service", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Ingress",
];

export function sortForApply(objects: KubernetesObject[]): KubernetesObject[] {
  const rank = (k: string | undefined) => {
    const i = KIND_ORDER.indexOf(k ?? "");
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...objects].sort((a, b) => rank(a.kind) - rank(b.kind));
}

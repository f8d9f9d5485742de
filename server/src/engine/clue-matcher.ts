import type { Clue } from "../scenarios/index.js";
import { globMatches } from "./glob.js";
import { normaliseResource } from "./resource-names.js";

/**
 * What the engine needs from one kubectl request (structurally a subset of the gateway's Activity, so
 * the gateway's objects pass as they are). Empty strings mean "absent", as the gateway records them.
 */
export interface ActivityLike {
  verb: string;
  /** Plural resource from the API path ("pods"; `po` was already resolved by kubectl). */
  resource: string;
  subresource?: string;
  name?: string;
  namespace: string;
  /** `Kubectl-Command` header: "kubectl describe"; "" or absent when not sent. */
  kubectlCommand?: string;
  /** HTTP status returned to the client. */
  code: number;
  /** False when the gateway or the cluster refused it. */
  allowed: boolean;
  isDiscovery?: boolean;
}

/** The clue fields the matcher reads. */
export type ClueMatchSpec = Pick<Clue, "command" | "verb" | "resource" | "subresource" | "name">;

/** HTTP status of an established exec/attach/port-forward upgrade (`kubectl exec` answers 101, not 2xx). */
export const SWITCHING_PROTOCOLS = 101;

/** Only requests that were allowed and succeeded show the team something, so only they count. */
export function activityCounts(a: ActivityLike): boolean {
  const succeeded = (a.code >= 200 && a.code < 300) || a.code === SWITCHING_PROTOCOLS;
  return a.allowed && succeeded && !a.isDiscovery;
}

/**
 * True when every field the clue gives matches the activity: `command` and `name` are globs, `verb` is
 * exact, `resource` is compared as plural resource names (clues may say "po" or "pod"), `subresource`
 * exact when given (absent = any).
 */
export function clueMatches(activity: ActivityLike, clue: ClueMatchSpec): boolean {
  if (!activityCounts(activity)) return false;
  if (clue.command !== undefined && !globMatches(clue.command, activity.kubectlCommand ?? "")) return false;
  if (clue.verb !== undefined && clue.verb !== activity.verb) return false;
  if (normaliseResource(clue.resource) !== normaliseResource(activity.resource)) return false;
  if (clue.subresource !== undefined && clue.subresource !== (activity.subresource ?? "")) return false;
  if (clue.name !== undefined && !(activity.name && globMatches(clue.name, activity.name))) return false;
  return true;
}

/** Indexes of every clue the activity matches, in clue order. */
export function matchClues(activity: ActivityLike, clues: readonly ClueMatchSpec[]): number[] {
  if (!activityCounts(activity)) return [];
  const out: number[] = [];
  clues.forEach((c, i) => {
    if (clueMatches(activity, c)) out.push(i);
  });
  return out;
}

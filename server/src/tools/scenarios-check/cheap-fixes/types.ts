import type { KubeObject } from "../../../engine/recovery.js";

/** A namespace snapshot the cheap-fix models may edit (a deep copy of the healthy baseline). */
export type MutableSnapshot = Record<string, Record<string, KubeObject> | undefined>;

/**
 * Models the shortcut a forbid condition exists to reject, as an edit of a healthy snapshot: the state
 * the namespace would be in if the team had taken it. Returns the shortcut in kubectl words.
 */
export type CheapFix<S> = (spec: S, snapshot: MutableSnapshot) => string;

/** The forbid (or its inner condition) has no shortcut model yet: the checker reports it instead of guessing. */
export class NoCheapFixModel extends Error {}

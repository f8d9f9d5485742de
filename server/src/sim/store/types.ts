/**
 * The simulated cluster's object store contract. The API layer (sim/api), the controllers
 * (sim/controllers) and the kubelet (sim/kubelet) all read and write through this interface,
 * in-process. Objects are plain JSON, exactly as the Kubernetes API serves them.
 */

/** Identifies a resource type: `{group:"apps", version:"v1", resource:"deployments"}`; core group is "". */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped resources). */
  namespace?: string;
  /** Kubernetes label selector syntax: `a=b,c!=d,e in (f,g),h notin (i),j,!k`. */
  labelSelector?: string;
  /** Kubernetes field selector syntax: `metadata.name=x,type!=Normal`. */
  fieldSelector?: string;
  /** Page size; 0 or undefined means everything. */
  limit?: number;
  /** Opaque token from a previous page's `continue`. */
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  /** The store's resourceVersion at the time of the list (string of an integer). */
  resourceVersion: string;
  /** Present when more items remain. */
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions extends Omit<ListOptions, "limit" | "continue"> {
  /**
   * "" or "0": start with synthetic ADDED events for every current match, then changes.
   * A number: replay changes after it from history, then live changes; too old → StoreError 410 Gone.
   */
  resourceVersion?: string;
  /** Emit periodic BOOKMARK events (the caller decides the period). */
  allowWatchBookmarks?: boolean;
}

export interface WatchHandle {
  stop(): void;
}

export interface WriteOptions {
  /** Write only this subresource: "status" changes only `.status`; otherwise `.status` is preserved. */
  subresource?: "status";
  /** Actor for managedFields-like bookkeeping and audit; optional. */
  fieldManager?: string;
  /** Validate and compute, but do not persist (dryRun=All). */
  dryRun?: boolean;
}

export interface DeleteOptions {
  /** "Background" (default), "Foreground" or "Orphan". */
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  /** Seconds before a pod is removed after being marked Terminating; 0 = immediately. */
  gracePeriodSeconds?: number;
  /** Precondition: fail with 409 if the uid differs. */
  preconditionUid?: string;
  /** Run admission and return the object, but change nothing (dryRun=All). */
  dryRun?: boolean;
}

/** Errors carry the Kubernetes Status reason and HTTP code so the API layer can serialise them. */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "Gone"
  | "Expired"
  | "BadRequest"
  | "Forbidden"
  | "MethodNotAllowed"
  | "Unauthorized"
  | "UnsupportedMediaType"
  | "InternalError"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "TooManyRequests";

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/**
 * The shape every store write hook (admission, validation) and the store itself throw.
 * `details.kind` is the resource's plural for NotFound/AlreadyExists and the Kind for Invalid,
 * matching what kube-apiserver sends (KUBECTL-PROTOCOL.md §4).
 */
export interface StatusErrorShape {
  code: number;
  reason: StatusReason;
  message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

/** A hook that may mutate or reject an object before it is stored (admission + validation). */
export type AdmissionHook = (
  op: "CREATE" | "UPDATE" | "DELETE",
  gvr: GroupVersionResource,
  obj: KubeObject,
  old: KubeObject | undefined,
) => void;

export interface ObjectStore {
  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined;
  list(gvr: GroupVersionResource, options?: ListOptions): ListResult;
  /** Assigns uid, resourceVersion, creationTimestamp, generation=1 (and a name from generateName). Throws AlreadyExists. */
  create(gvr: GroupVersionResource, obj: KubeObject, options?: WriteOptions): KubeObject;
  /**
   * Replaces the object. Throws NotFound; Conflict (409) when `metadata.resourceVersion` is set and stale.
   * Bumps `generation` only when `.spec` (or anything but metadata/status) changes; a write that changes
   * nothing returns the stored object with its resourceVersion unchanged.
   */
  update(gvr: GroupVersionResource, obj: KubeObject, options?: WriteOptions): KubeObject;
  /** Graceful for pods (deletionTimestamp, then removal); cascades by ownerReferences per propagationPolicy. */
  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  watch(gvr: GroupVersionResource, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle;
  /** The latest resourceVersion the store has issued, as a string. */
  currentResourceVersion(): string;
  /** Registers an admission/validation hook run on every write, in registration order. */
  addAdmissionHook(hook: AdmissionHook): void;
}

// ------------------------------------------------------------------------------------------------
// Extensions implemented by the sim's store (createObjectStore). Compatible with ObjectStore:
// everything above stays the contract; these are extra capabilities the sim's own modules use.

/** Where an object lives: its resource type and its key. */
export interface ObjectRef {
  gvr: GroupVersionResource;
  namespace: string | undefined;
  name: string;
}

/** An object together with the resource type it is stored under. */
export interface StoredObject {
  gvr: GroupVersionResource;
  object: KubeObject;
}

/** Called after an object has really left the store (not when it is merely marked for deletion). */
export type RemovalListener = (gvr: GroupVersionResource, obj: Readonly<KubeObject>) => void;

/** A list whose items are the store's own frozen objects (no copies). */
export interface ReadonlyListResult extends Omit<ListResult, "items"> {
  items: readonly Readonly<KubeObject>[];
}

export interface SimObjectStore extends ObjectStore {
  /**
   * Like `get`, without the copy: the stored object itself, deeply frozen. For readers that only
   * serialise or inspect (API responses, tables); mutating it throws.
   */
  peek(gvr: GroupVersionResource, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined;
  /** Like `list`, without copies (see {@link SimObjectStore.peek}); ~10× faster for 100 pods (docs/BENCHMARKS.md). */
  peekList(gvr: GroupVersionResource, options?: ListOptions): ReadonlyListResult;
  /**
   * Ends a graceful (pod) deletion now, as the kubelet does once containers have stopped:
   * removes the object unless finalizers remain. Returns the removed object, or undefined when the
   * object is missing or not being deleted.
   */
  finalizeDeletion(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Objects (any resource type) whose `metadata.ownerReferences` name this uid; O(dependents). */
  findDependents(ownerUid: string): StoredObject[];
  /** The object with this uid, in any resource type; O(1). */
  getByUid(uid: string): StoredObject | undefined;
  /** Subscribes to final removals (for the garbage collector); returns an unsubscribe function. */
  onRemoved(listener: RemovalListener): () => void;
  /** Number of stored objects of a type (in one namespace when given); O(1). */
  count(gvr: GroupVersionResource, namespace?: string): number;
}

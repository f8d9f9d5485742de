/**
 * The store as one served resource sees it: the registry's group/version/resource, with conversion for
 * resources stored under another version (resources/conversion.ts). Handlers use this, never a raw GVR.
 */
import type { DeleteOptions, KubeObject, ListOptions, ListResult, ObjectStore, WatchEvent, WatchHandle, WatchOptions, WriteOptions } from "../store/types.js";
import { storageMappingOf } from "../resources/conversion.js";
import { gvrOf, type ResourceDef } from "../resources/registry.js";

export interface ResourceView {
  get(namespace: string | undefined, name: string): KubeObject | undefined;
  list(options: ListOptions): ListResult;
  create(obj: KubeObject, options?: WriteOptions): KubeObject;
  update(obj: KubeObject, options?: WriteOptions): KubeObject;
  delete(namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  watch(options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle;
  /** True when objects are converted (watch events are then not shared between watchers). */
  readonly converted: boolean;
}

export function resourceView(store: ObjectStore, def: ResourceDef): ResourceView {
  const mapping = storageMappingOf(def);
  if (!mapping) {
    const gvr = gvrOf(def);
    return {
      converted: false,
      get: (ns, name) => store.get(gvr, ns, name),
      list: (o) => store.list(gvr, o),
      create: (obj, o) => store.create(gvr, obj, o),
      update: (obj, o) => store.update(gvr, obj, o),
      delete: (ns, name, o) => store.delete(gvr, ns, name, o),
      watch: (o, cb) => store.watch(gvr, o, cb),
    };
  }
  const { storage, toExternal, toStorage } = mapping;
  const selector = <T extends { fieldSelector?: string }>(o: T): T => (o.fieldSelector ? { ...o, fieldSelector: mapping.fieldSelector(o.fieldSelector) } : o);
  const out = (obj: KubeObject | undefined) => (obj ? toExternal(obj) : undefined);
  return {
    converted: true,
    get: (ns, name) => out(store.get(storage, ns, name)),
    list: (o) => {
      const r = store.list(storage, selector(o));
      return { ...r, items: r.items.map(toExternal) };
    },
    create: (obj, o) => toExternal(store.create(storage, toStorage(obj), o)),
    update: (obj, o) => toExternal(store.update(storage, toStorage(obj), o)),
    delete: (ns, name, o) => toExternal(store.delete(storage, ns, name, o)),
    watch: (o, cb) => store.watch(storage, selector(o), (ev) => cb(ev.type === "BOOKMARK" || ev.type === "ERROR" ? ev : { type: ev.type, object: toExternal(ev.object) })),
  };
}

/**
 * A small typed, synchronous publish/subscribe bus. Handlers run in subscription order;
 * a throwing handler is reported to `onError` and does not stop the others.
 */
export class EventBus<Events extends Record<string, unknown>> {
  private handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onError: (err: unknown, event: keyof Events) => void = () => {}) {}

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const h of [...set]) {
      try {
        (h as (p: Events[K]) => void)(payload);
      } catch (err) {
        this.onError(err, event);
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.handlers.get(event)?.size ?? 0;
  }
}

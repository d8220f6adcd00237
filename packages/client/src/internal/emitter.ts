type Listener = (payload: never) => void;

/** A small typed event emitter; `on` returns the unsubscribe function. */
export interface Emitter<M> {
  on<E extends keyof M>(event: E, listener: (payload: M[E]) => void): () => void;
  emit<E extends keyof M>(event: E, payload: M[E]): void;
  clear(): void;
}

export function createEmitter<M>(): Emitter<M> {
  const listeners = new Map<keyof M, Set<Listener>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) {
        try {
          (l as (p: typeof payload) => void)(payload);
        } catch (error) {
          // One faulty listener must not stop the others or the client's own state machine.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    clear: () => listeners.clear(),
  };
}

import type { SessionEvent, SessionEventOf, SessionEventType } from './types.ts';

type Listener = (event: SessionEvent) => void;

/** Typed lifecycle events. A throwing listener is isolated: the engine and others go on. */
export class EventHub {
  readonly #listeners = new Map<SessionEventType, Set<Listener>>();

  on<T extends SessionEventType>(
    type: T,
    listener: (event: SessionEventOf<T>) => void,
  ): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    const wrapped = listener as Listener;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  emit(event: SessionEvent): void {
    const set = this.#listeners.get(event.type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; reporting it here could leak event data.
      }
    }
  }
}

import type { KeyValueStorage } from '../types.ts';

/** The page's localStorage (null without one, or when access throws in a privacy mode). */
export function localStore(storage: KeyValueStorage | null | undefined): KeyValueStorage | null {
  if (storage !== undefined) return storage;
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** Best-effort read/write of a non-secret marker (never a token). */
export function marker(store: KeyValueStorage | null, key: string) {
  return {
    get(): string | null {
      try {
        return store?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(value: string): void {
      try {
        store?.setItem(key, value);
      } catch {
        // Storage full or disabled: the marker is best effort.
      }
    },
    clear(): void {
      try {
        store?.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

export type Marker = ReturnType<typeof marker>;

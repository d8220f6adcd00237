import type { DraftAccessor, DraftRegistry, KeyValueStorage } from './types.ts';

const PREFIX = 'tessera:drafts:';

/** The registry plus the hooks the client calls on sign-in and sign-out. */
export interface DraftStore extends DraftRegistry {
  /** Forced sign-out (expired/revoked): keep what the user typed. */
  snapshot(userId: string): void;
  /** Explicit logout: the user chose to leave, drop their drafts. */
  wipe(userId: string): void;
  /** A user signed in: drop every other user's drafts, then restore this user's. */
  signedIn(userId: string): void;
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null; // Access throws in some privacy modes.
  }
}

/**
 * Drafts are user content (never tokens), kept in localStorage under `tessera:drafts:<userId>`
 * so an expired session does not lose a half-written form (WCAG 2.2.5).
 */
export function createDraftStore(storage: KeyValueStorage | null | undefined): DraftStore {
  const store = storage === undefined ? defaultStorage() : storage;
  const accessors = new Map<string, DraftAccessor>();
  let userId: string | null = null;

  const read = (id: string): Record<string, unknown> => {
    try {
      const raw = store?.getItem(PREFIX + id);
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const write = (id: string, drafts: Record<string, unknown>) => {
    try {
      if (Object.keys(drafts).length === 0) store?.removeItem(PREFIX + id);
      else store?.setItem(PREFIX + id, JSON.stringify(drafts));
    } catch {
      // Quota exceeded or storage disabled: drafts are best effort.
    }
  };
  const restoreKeys = (keys: Iterable<string>) => {
    if (!userId) return;
    const saved = read(userId);
    let changed = false;
    for (const key of keys) {
      const accessor = accessors.get(key);
      if (accessor && key in saved) {
        accessor.set(saved[key]);
        delete saved[key];
        changed = true;
      }
    }
    if (changed) write(userId, saved);
  };

  return {
    register(key, accessor) {
      accessors.set(key, accessor);
      restoreKeys([key]); // A form mounted after sign-in (e.g. after a reload) gets its draft.
      return () => {
        if (accessors.get(key) === accessor) accessors.delete(key);
      };
    },
    restore: () => restoreKeys([...accessors.keys()]),
    snapshot(id) {
      const saved = read(id);
      for (const [key, accessor] of accessors) {
        const value = accessor.get();
        if (value !== undefined) saved[key] = value;
      }
      write(id, saved);
      userId = null;
    },
    wipe(id) {
      store?.removeItem(PREFIX + id);
      userId = null;
    },
    signedIn(id) {
      userId = id;
      for (let i = (store?.length ?? 0) - 1; i >= 0; i--) {
        const key = store?.key(i);
        if (key?.startsWith(PREFIX) && key !== PREFIX + id) store?.removeItem(key);
      }
      restoreKeys([...accessors.keys()]);
    },
  };
}

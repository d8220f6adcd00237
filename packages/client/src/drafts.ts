import { localStore } from './internal/local-store.ts';
import type { DraftAccessor, DraftRegistry, KeyValueStorage } from './types.ts';

const PREFIX = 'tessera:drafts:';
/** When each stored draft was last edited (client clock), so the latest edit wins across tabs. */
const TIMES = 'tessera:drafts-at:';

/** The registry plus the hooks the client calls on sign-in and sign-out. */
export interface DraftStore extends DraftRegistry {
  /** Forced sign-out (expired/revoked): keep what the user typed. */
  snapshot(userId: string): void;
  /** Explicit logout: the user chose to leave, drop their drafts. */
  wipe(userId: string): void;
  /** A user signed in: drop every other user's drafts, then restore this user's. */
  signedIn(userId: string): void;
  /** The user interacted with this tab: note which registered values changed since last time. */
  observe(): void;
}

/** Nothing worth keeping: never let it replace what another tab stored. */
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Drafts are user content (never tokens), kept in localStorage under `tessera:drafts:<userId>`
 * so an expired session does not lose a half-written form (WCAG 2.2.5).
 */
export function createDraftStore(
  storage: KeyValueStorage | null | undefined,
  now: () => number = Date.now,
): DraftStore {
  const store = localStore(storage);
  const accessors = new Map<string, DraftAccessor>();
  /** Per key: the value last seen in this tab (serialised) and when this tab last saw it change. */
  const seen = new Map<string, { json: string | undefined; editedAt: number }>();
  let userId: string | null = null;

  const read = (prefix: string, id: string): Record<string, unknown> => {
    try {
      const raw = store?.getItem(prefix + id);
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const write = (prefix: string, id: string, data: Record<string, unknown>) => {
    try {
      if (Object.keys(data).length === 0) store?.removeItem(prefix + id);
      else store?.setItem(prefix + id, JSON.stringify(data));
    } catch {
      // Quota exceeded or storage disabled: drafts are best effort.
    }
  };
  const json = (v: unknown) => {
    try {
      return JSON.stringify(v);
    } catch {
      return undefined;
    }
  };
  /** Records the current value; an edit since the last look gets the time `at`. */
  const look = (key: string, value: unknown, at: number) => {
    const j = json(value);
    const prev = seen.get(key);
    if (!prev) seen.set(key, { json: j, editedAt: Number.NEGATIVE_INFINITY });
    else if (prev.json !== j) seen.set(key, { json: j, editedAt: at });
  };
  const restoreKeys = (keys: Iterable<string>) => {
    if (!userId) return;
    const saved = read(PREFIX, userId);
    const times = read(TIMES, userId);
    let changed = false;
    for (const key of keys) {
      const accessor = accessors.get(key);
      if (accessor && key in saved) {
        accessor.set(saved[key]);
        seen.set(key, { json: json(saved[key]), editedAt: Number.NEGATIVE_INFINITY });
        delete saved[key];
        delete times[key];
        changed = true;
      }
    }
    if (changed) {
      write(PREFIX, userId, saved);
      write(TIMES, userId, times);
    }
  };

  return {
    register(key, accessor) {
      accessors.set(key, accessor);
      seen.delete(key);
      look(key, accessor.get(), now());
      restoreKeys([key]); // A form mounted after sign-in (e.g. after a reload) gets its draft.
      return () => {
        if (accessors.get(key) === accessor) accessors.delete(key);
      };
    },
    restore: () => restoreKeys([...accessors.keys()]),
    observe() {
      const t = now();
      for (const [key, accessor] of accessors) look(key, accessor.get(), t);
    },
    // Every tab snapshots on a forced sign-out (also the ones that only got the broadcast), so a
    // tab never replaces a stored draft with an empty value, or with one it edited less recently.
    snapshot(id) {
      const saved = read(PREFIX, id);
      const times = read(TIMES, id);
      const t = now();
      for (const [key, accessor] of accessors) {
        const value = accessor.get();
        look(key, value, t);
        const editedAt = seen.get(key)?.editedAt ?? Number.NEGATIVE_INFINITY;
        const storedAt = typeof times[key] === 'number' ? times[key] : Number.NEGATIVE_INFINITY;
        const keep = key in saved && !isEmpty(saved[key]) && !(editedAt > storedAt);
        if (isEmpty(value) || keep) continue;
        saved[key] = value;
        if (editedAt > Number.NEGATIVE_INFINITY) times[key] = editedAt;
        else delete times[key];
      }
      write(PREFIX, id, saved);
      write(TIMES, id, times);
      userId = null;
    },
    wipe(id) {
      store?.removeItem(PREFIX + id);
      store?.removeItem(TIMES + id);
      userId = null;
    },
    signedIn(id) {
      userId = id;
      for (let i = (store?.length ?? 0) - 1; i >= 0; i--) {
        const key = store?.key(i);
        const other = key !== PREFIX + id && key !== TIMES + id;
        if (other && (key?.startsWith(PREFIX) || key?.startsWith(TIMES))) store?.removeItem(key);
      }
      restoreKeys([...accessors.keys()]);
    },
  };
}

import { StoreUnavailableError } from '../errors.ts';
import type { KeyStore } from './key-store.ts';
import { createMemoryKeys } from './memory/memory-keys.ts';
import { createMemorySessions } from './memory/memory-sessions.ts';
import { createMemoryUsers } from './memory/memory-users.ts';
import type { RefreshTokenRecord, SessionRecord } from './session-record.ts';
import type { SessionStore } from './session-store.ts';
import type { UserRecord, UserStore } from './user-store.ts';

/** One object that is a SessionStore, a KeyStore and a UserStore. */
export type MemoryStore = SessionStore & KeyStore & UserStore;

/**
 * In-memory store for tests, development and single-process demos; the reference behaviour
 * every other store is compared with. Answers are deep copies, so callers cannot mutate state.
 * State is lost when the process ends.
 */
export function createMemoryStore(): MemoryStore {
  const sessions = createMemorySessions();
  const keys = createMemoryKeys();
  const users = createMemoryUsers();
  let closed = false;

  // SessionStore.create(session, token) and UserStore.create(user) share a name: the
  // second argument (only sessions have one) tells them apart.
  function create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  function create(user: UserRecord): Promise<void>;
  function create(
    record: SessionRecord | UserRecord,
    firstToken?: RefreshTokenRecord,
  ): Promise<void> {
    if (firstToken !== undefined) return sessions.create(record as SessionRecord, firstToken);
    return users.create(record as UserRecord);
  }

  return {
    ...sessions,
    ...keys,
    ...users,
    create,
    async ping() {
      if (closed) throw new StoreUnavailableError('The memory store is closed');
    },
    async close() {
      closed = true;
    },
  };
}

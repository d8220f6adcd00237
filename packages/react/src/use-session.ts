import type { SessionClient, SessionState } from '@tessera/client';
import { useMemo, useSyncExternalStore } from 'react';
import { useSessionClient } from './internal/session-context.ts';
import { createSnapshotSource } from './internal/snapshot-cache.ts';

export interface UseSessionResult extends SessionState {
  login: SessionClient['login'];
  logout: SessionClient['logout'];
  extend: SessionClient['extend'];
  refresh: SessionClient['refresh'];
  /** The underlying client, for fetch(), drafts and the session list. */
  client: SessionClient;
}

/** The current session state, re-rendering on every client 'change' event. */
export function useSession(): UseSessionResult {
  const client = useSessionClient();
  const source = useMemo(() => createSnapshotSource(client), [client]);
  const state = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
  return useMemo(
    () => ({
      ...state,
      login: (input) => client.login(input),
      logout: () => client.logout(),
      extend: () => client.extend(),
      refresh: () => client.refresh(),
      client,
    }),
    [state, client],
  );
}

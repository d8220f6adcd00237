import type { SessionClient } from '@tessera/client';
import type { PublicSession } from '@tessera/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';

export type SessionListState =
  | { phase: 'loading'; sessions: PublicSession[] }
  | { phase: 'ready'; sessions: PublicSession[] }
  | { phase: 'error'; sessions: PublicSession[]; message: string };

export function errorMessage(err: unknown): string {
  return err instanceof Error && err.message
    ? err.message
    : 'Something went wrong. Please try again.';
}

/** Loads client.listSessions() with loading/error states; `reload` refetches (keeps old rows). */
export function useSessionList(client: SessionClient): {
  state: SessionListState;
  reload: () => void;
} {
  const [state, setState] = useState<SessionListState>({ phase: 'loading', sessions: [] });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((prev) => ({ phase: 'loading', sessions: prev.sessions }));
    client.listSessions().then(
      (sessions) => {
        if (mine === generation.current)
          setState({ phase: 'ready', sessions: sortSessions(sessions) });
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setState((prev) => ({
          phase: 'error',
          sessions: prev.sessions,
          message: errorMessage(err),
        }));
      },
    );
  }, [client]);
  useEffect(() => {
    reload();
    return () => {
      generation.current++;
    };
  }, [reload]);
  return { state, reload };
}

/** Current session first, then most recently active. */
function sortSessions(sessions: PublicSession[]): PublicSession[] {
  return [...sessions].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return Date.parse(b.lastActiveAt) - Date.parse(a.lastActiveAt);
  });
}

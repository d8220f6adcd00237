import type { SessionClient } from '@tessera/client';
import { createContext, useContext } from 'react';

export const SessionClientContext = createContext<SessionClient | null>(null);

/** The client given to the nearest SessionProvider; throws when there is none (misuse). */
export function useSessionClient(): SessionClient {
  const client = useContext(SessionClientContext);
  if (client === null) {
    throw new Error('Tessera: wrap your app in <SessionProvider client={...}>');
  }
  return client;
}

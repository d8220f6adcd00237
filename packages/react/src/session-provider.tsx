import type { SessionClient } from '@tessera/client';
import type { ReactNode } from 'react';
import { SessionClientContext } from './internal/session-context.ts';

export interface SessionProviderProps {
  /** A client from createSessionClient(). The app calls client.start() (once) itself. */
  client: SessionClient;
  children?: ReactNode;
}

/** Makes the session client available to useSession() and the Tessera components below it. */
export function SessionProvider({ client, children }: SessionProviderProps): ReactNode {
  return <SessionClientContext.Provider value={client}>{children}</SessionClientContext.Provider>;
}

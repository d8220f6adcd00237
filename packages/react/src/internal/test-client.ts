import type { SessionClient, SessionState } from '@tessera/client';

/** A stand-in SessionClient that only serves a fixed state (server-side rendering tests). */
export function stateOnlyClient(patch: Partial<SessionState>): SessionClient {
  const state: SessionState = {
    status: 'signed-in',
    user: null,
    session: null,
    idleExpiresAt: null,
    absoluteExpiresAt: null,
    idleTimeoutSeconds: null,
    warningAt: null,
    reason: null,
    ...patch,
  };
  const unsupported = () => {
    throw new Error('not available in this test client');
  };
  return new Proxy({ getState: () => state, on: () => () => {} } as unknown as SessionClient, {
    get: (target, key) => (key in target ? target[key as keyof SessionClient] : unsupported),
  });
}

import type { SessionClient, SessionState } from '@tessera/client';

/** A guest session (POST /anonymous): signed in, but with no account behind it. */
export function isGuest(state: Pick<SessionState, 'status' | 'session'>): boolean {
  return state.status === 'signed-in' && state.session?.kind === 'anonymous';
}

/**
 * Remembers whether the current user session began by signing in from a guest session, so the
 * notes page can say that what the guest pinned was kept (the server merged it). Lives outside
 * React because the pages unmount while the user signs in.
 */
let fromGuest = false;

export const guestSignIn = {
  /** True while the current session is the one a guest signed in to. */
  happened: (): boolean => fromGuest,
};

export function wireGuestSignIn(client: SessionClient): () => void {
  // The last session this tab had; a sign-out forgets it (a chosen end is not a sign-in path).
  let last = client.getState().session;
  return client.on('change', (state) => {
    if (state.status === 'signed-out') {
      last = null;
      fromGuest = false;
    } else if (state.session && state.session.id !== last?.id) {
      fromGuest = last?.kind === 'anonymous' && state.user !== null;
      last = state.session;
    }
  });
}

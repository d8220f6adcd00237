import type { EngineContext } from './context.ts';
import { refresh } from './refresh.ts';
import { refreshTokenSessionId } from './refresh-token-format.ts';
import type { ReauthenticateInput, RefreshResult } from './types.ts';

/**
 * Step-up re-authentication of a session whose password the caller has just verified. The
 * privilege changes, so the session's credentials are renewed (OWASP session management):
 * the presented refresh token is rotated exactly as a refresh rotates it (grace window, reuse
 * detection, compare-and-set on `version` with retries), and that same write sets
 * authTime = now and aal = max(current, requested). The new access token carries both.
 */
export async function reauthenticate(
  ctx: EngineContext,
  input: ReauthenticateInput,
): Promise<RefreshResult> {
  // The access token proved one session, the refresh token must name the same one: otherwise
  // a stale cookie of another session would be rotated (and the other session stepped up).
  if (refreshTokenSessionId(input.refreshToken) !== input.sessionId) {
    return { ok: false, code: 'invalid_token' };
  }
  return refresh(ctx, input.refreshToken, {}, { aal: input.aal });
}

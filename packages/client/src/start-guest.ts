import type { AnonymousRequest, TokenResponse } from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import { adoptSession } from './adopt-session.ts';
import { readJson } from './authed-fetch.ts';
import { authUrl, jsonInit, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import type { createServerLogout } from './server-logout.ts';

type ServerLogout = ReturnType<typeof createServerLogout>;

/**
 * POST /anonymous: starts a guest session (state `signed-in` with `user: null` and
 * `session.kind` `anonymous`), with the same token handling as login. A later login merges the
 * guest's session data into the user's session: the cookie carries it in cookie mode, and
 * {@link guestLoginFields} in bearer mode.
 */
export async function startGuest(ctx: ClientContext, logout: ServerLogout): Promise<void> {
  if (ctx.state.status === 'signed-in') {
    // Already a guest: keep it (a new one would strand its data). A user's session is never
    // silently replaced by a guest's (it would live on, unreachable, until it times out).
    if (ctx.state.session?.kind === 'anonymous') return;
    throw new Error('startGuest() needs a signed-out client: call logout() first');
  }
  if (logout.pending()) await logout.attempt(null, null);
  const body: AnonymousRequest = { transport: ctx.transport };
  const res = await send(ctx.http, authUrl(ctx.baseUrl, Routes.anonymous), jsonInit('POST', body));
  await adoptSession(ctx, logout, await readJson<TokenResponse>(ctx, res));
}

/** Bearer mode: the guest session's refresh token, sent with the login that replaces it. */
export function guestLoginFields(ctx: ClientContext): { anonymousRefreshToken?: string } {
  const guest = ctx.state.status === 'signed-in' && ctx.state.session?.kind === 'anonymous';
  if (ctx.transport !== 'bearer' || !guest || ctx.refreshToken === null) return {};
  return { anonymousRefreshToken: ctx.refreshToken };
}

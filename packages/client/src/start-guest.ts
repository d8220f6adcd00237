import type { AnonymousRequest, TokenResponse } from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import { readJson } from './authed-fetch.ts';
import { authUrl, jsonInit, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import type { createServerLogout } from './server-logout.ts';
import { applyTokenResponse } from './session-state.ts';
import { REFRESH_TOKEN_KEY } from './storage.ts';

type ServerLogout = ReturnType<typeof createServerLogout>;

/**
 * POST /anonymous: starts a guest session (state `signed-in` with `user: null` and
 * `session.kind` `anonymous`), with the same token handling as login. A later login merges the
 * guest's session data into the user's session: the cookie carries it in cookie mode, and
 * {@link guestLoginFields} in bearer mode.
 */
export async function startGuest(ctx: ClientContext, logout: ServerLogout): Promise<void> {
  if (logout.pending()) await logout.attempt(null, null);
  const body: AnonymousRequest = { transport: ctx.transport };
  const res = await send(ctx.http, authUrl(ctx.baseUrl, Routes.anonymous), jsonInit('POST', body));
  const data = await readJson<TokenResponse>(ctx, res);
  await logout.cancel();
  ctx.generation++; // results of refreshes for an older session are discarded
  if (ctx.transport === 'bearer' && data.refreshToken) {
    ctx.refreshToken = data.refreshToken;
    await ctx.storage.set(REFRESH_TOKEN_KEY, data.refreshToken);
  }
  applyTokenResponse(ctx, data);
  ctx.keepAlive.markExtended(ctx.now());
}

/** Bearer mode: the guest session's refresh token, sent with the login that replaces it. */
export function guestLoginFields(ctx: ClientContext): { anonymousRefreshToken?: string } {
  const guest = ctx.state.status === 'signed-in' && ctx.state.session?.kind === 'anonymous';
  if (ctx.transport !== 'bearer' || !guest || ctx.refreshToken === null) return {};
  return { anonymousRefreshToken: ctx.refreshToken };
}

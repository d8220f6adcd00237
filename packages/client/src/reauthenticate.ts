import type { ReauthRequest, TokenResponse } from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import { errorFromResponse, readProblem, SessionClientError } from './errors.ts';
import { authUrl, jsonInit, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import { acceptTokens, performRefresh, refreshBody } from './perform-refresh.ts';
import { endFromProblem, isSessionEnding } from './session-state.ts';

/**
 * POST /reauth (step-up): confirms the password and swaps in the answer's tokens exactly as a
 * refresh does (cookie: the access token in memory, the cookie set by the server; bearer: both,
 * the refresh token into storage), so the next request carries a fresh `auth_time`. It runs in a
 * refresh's place (the server rotates the refresh token), so no refresh races it in any tab.
 *
 * A wrong password rejects with kind `invalid_credentials` and the session stays signed in;
 * 429 with `rate_limited`. Only an answer that ended the session signs out.
 */
export async function reauthenticate(
  ctx: ClientContext,
  input: { password: string },
): Promise<void> {
  if (ctx.state.status !== 'signed-in' || !ctx.accessToken) {
    throw new SessionClientError('session_expired');
  }
  await ctx.coordinator.exclusive(() => stepUp(ctx, input.password));
}

async function stepUp(ctx: ClientContext, password: string): Promise<void> {
  const generation = ctx.generation;
  let res = await post(ctx, password);
  // The server checks the access token before the password: a token that lapsed meanwhile is
  // refreshed here (this is already the refresh's turn) and the password sent once more.
  if (res.status === 401 && (await readProblem(res)).code === 'token_expired') {
    await performRefresh(ctx, false);
    res = await post(ctx, password);
  }
  if (!res.ok) {
    const error = await errorFromResponse(res, ctx.now());
    // invalid_credentials (401) is a typo, not a lost session: only ending codes sign out.
    if (isSessionEnding(error.code) && generation === ctx.generation) {
      endFromProblem(ctx, error.code, error.reason);
    }
    throw error;
  }
  const data = (await res.json()) as TokenResponse;
  await acceptTokens(ctx, data, generation);
  ctx.events.emit('reauthenticated', {
    authTime: ctx.clock.toClient(data.session.authTime) ?? ctx.now(),
    aal: data.session.aal,
  });
}

async function post(ctx: ClientContext, password: string): Promise<Response> {
  const presented = await refreshBody(ctx);
  if (!presented) throw new SessionClientError('session_expired');
  const body: ReauthRequest = { password, ...presented };
  const url = authUrl(ctx.baseUrl, Routes.reauth);
  return send(ctx.http, url, jsonInit('POST', body), { token: ctx.accessToken });
}

import type { RefreshRequest, TokenResponse } from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import { errorFromResponse, SessionClientError } from './errors.ts';
import { authUrl, jsonInit, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import { applyTokenResponse, endFromProblem } from './session-state.ts';
import { REFRESH_TOKEN_KEY } from './storage.ts';

const discarded = () => new SessionClientError('session_expired', { reason: 'logout' });

/** The refresh token to present: none in the body for cookies, the stored one for bearer. */
export async function refreshBody(ctx: ClientContext): Promise<RefreshRequest | null> {
  if (ctx.transport === 'cookie') return {};
  const refreshToken = ctx.refreshToken ?? (await ctx.storage.get(REFRESH_TOKEN_KEY));
  return refreshToken ? { refreshToken } : null;
}

/**
 * POST /refresh and apply the answer, unless the session ended meanwhile (logout during the
 * refresh): then the new token is discarded (kept only to send /logout with).
 */
export async function performRefresh(ctx: ClientContext, passive: boolean): Promise<void> {
  const generation = ctx.generation;
  const body = await refreshBody(ctx);
  if (!body) {
    if (generation === ctx.generation) endFromProblem(ctx, null, null);
    throw new SessionClientError('session_expired');
  }
  const url = authUrl(ctx.baseUrl, Routes.refresh);
  const res = await send(ctx.http, url, jsonInit('POST', body), { passive });
  if (!res.ok) {
    const error = await errorFromResponse(res, ctx.now());
    // Only a 401 ends the session; 429/5xx keep it (fail closed server-side, not here).
    if (res.status === 401 && generation === ctx.generation) {
      endFromProblem(ctx, error.code, error.reason);
    }
    throw error;
  }
  await acceptTokens(ctx, (await res.json()) as TokenResponse, generation);
  ctx.events.emit('refreshed', { accessTokenExpiresAt: ctx.accessExpiresAt ?? 0 });
}

/**
 * Swaps in the tokens of a refresh or step-up answer: the access token in memory, and for
 * bearer the refresh token in memory and storage. Discarded (throws) when the session ended
 * since `generation` (logout meanwhile).
 */
export async function acceptTokens(
  ctx: ClientContext,
  data: TokenResponse,
  generation: number,
): Promise<void> {
  if (generation !== ctx.generation) {
    ctx.orphanToken = data.accessToken;
    throw discarded();
  }
  if (ctx.transport === 'bearer' && data.refreshToken) {
    ctx.refreshToken = data.refreshToken;
    await ctx.storage.set(REFRESH_TOKEN_KEY, data.refreshToken);
    if (generation !== ctx.generation) {
      // Logout ran while the token was being written: it must not survive.
      await ctx.storage.remove(REFRESH_TOKEN_KEY);
      ctx.refreshToken = null;
      throw discarded();
    }
  }
  applyTokenResponse(ctx, data);
}

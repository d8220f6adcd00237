import { Routes } from '@tessera/protocol';
import { authUrl, jsonInit, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import type { Marker } from './internal/local-store.ts';

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/** POST /logout; true once the server gave a final answer (204, or nothing live to end). */
async function sendLogout(ctx: ClientContext, token: string | null, refreshToken: string | null) {
  const body = ctx.transport === 'bearer' && refreshToken ? { refreshToken } : {};
  try {
    const url = authUrl(ctx.baseUrl, Routes.logout);
    const res = await send(ctx.http, url, jsonInit('POST', body), { token });
    return res.status < 500 && res.status !== 429;
  } catch {
    return false; // offline or timed out
  }
}

export interface ServerLogout {
  /** A logout is recorded but not yet confirmed by the server (cookie transport). */
  pending(): boolean;
  /** Records the logout before anything can fail, so a reload cannot sign back in. */
  mark(): void;
  /** Sends /logout; on failure keeps the marker and retries with backoff. */
  attempt(token: string | null, refreshToken: string | null): Promise<boolean>;
  /** A new login: the old cookie is gone, stop trying. */
  cancel(): Promise<void>;
}

/**
 * Explicit logout must stick on a shared computer. With the cookie transport the HttpOnly
 * refresh cookie outlives a /logout that failed on the network, so a non-secret marker
 * (`<channelName>:logout-pending`, a timestamp, never a token) makes start() send /logout instead
 * of /refresh, and the client retries until the server confirms.
 */
export function createServerLogout(ctx: ClientContext, marker: Marker): ServerLogout {
  const cookie = ctx.transport === 'cookie';
  let delay = RETRY_MIN_MS;
  let inFlight: Promise<boolean> | null = null;
  const attempt = (token: string | null, refreshToken: string | null): Promise<boolean> => {
    const run = sendLogout(ctx, token, refreshToken).then((done) => {
      if (done) {
        marker.clear();
        ctx.timers.clear('logout-retry');
        delay = RETRY_MIN_MS;
      } else if (cookie && marker.get() !== null) {
        ctx.timers.at('logout-retry', ctx.now() + delay, () => {
          if (marker.get() !== null && !ctx.disposed) void attempt(null, null);
        });
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
      return done;
    });
    inFlight = run;
    return run;
  };
  return {
    pending: () => cookie && marker.get() !== null,
    mark() {
      delay = RETRY_MIN_MS;
      if (cookie) marker.set(String(ctx.now()));
    },
    attempt,
    async cancel() {
      await inFlight?.catch(() => {});
      marker.clear();
      ctx.timers.clear('logout-retry');
    },
  };
}

import {
  AUTH_BASE_PATH,
  CSRF_HEADER_VALUE,
  Headers as H,
  PASSIVE_ACTIVITY,
} from '@tessera/protocol';
import type { ClockOffset } from './clock-offset.ts';
import { errorFromThrown } from './errors.ts';

export interface HttpOptions {
  baseUrl: string;
  transport: 'cookie' | 'bearer';
  fetch: typeof fetch;
  timeoutMs: number;
  clock: ClockOffset;
  /** Sees every response's headers (Session-Expires-At, Session-Idle-Expires-At). */
  onHeaders(headers: Headers): void;
}

export interface SendExtras {
  token?: string | null;
  passive?: boolean;
  /** False for third-party URLs: their headers must not move our clock or deadlines. */
  trusted?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Absolute URL of an auth route. */
export function authUrl(baseUrl: string, route: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${AUTH_BASE_PATH}${route}`;
}

/** The caller's signal plus the request timeout; `done` releases the fallback's timer. */
function timeoutSignal(user: AbortSignal | null | undefined, ms: number) {
  if (
    typeof AbortSignal.timeout === 'function' &&
    (!user || typeof AbortSignal.any === 'function')
  ) {
    const timeout = AbortSignal.timeout(ms);
    return { signal: user ? AbortSignal.any([user, timeout]) : timeout, done: () => {} };
  }
  // Older engines (Hermes, Safari < 17.4): an AbortController and a timer.
  const controller = new AbortController();
  const onAbort = () => controller.abort(user?.reason);
  if (user?.aborted) onAbort();
  user?.addEventListener('abort', onAbort);
  const id = setTimeout(() => controller.abort(), ms);
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(id);
      user?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * One HTTP exchange: adds the access token, the passive marker, the CSRF header on cookie
 * state changes, a timeout, and turns fetch rejections into SessionClientError (network or
 * timeout). A caller's own abort is passed through unchanged.
 */
export async function send(
  http: HttpOptions,
  input: RequestInfo | URL,
  init: RequestInit = {},
  extras: SendExtras = {},
): Promise<Response> {
  const req = typeof Request !== 'undefined' && input instanceof Request ? input : null;
  const method = (init.method ?? req?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers ?? req?.headers);
  if (extras.token) headers.set('authorization', `Bearer ${extras.token}`);
  if (extras.passive) headers.set(H.sessionActivity, PASSIVE_ACTIVITY);
  // Cookies and the CSRF header are for our own origins only, never for a third party.
  const own = extras.trusted !== false;
  if (own && http.transport === 'cookie' && !SAFE_METHODS.has(method)) {
    headers.set(H.csrf, CSRF_HEADER_VALUE);
  }
  const userSignal = init.signal ?? req?.signal;
  const timeout = timeoutSignal(userSignal, http.timeoutMs);
  let res: Response;
  try {
    res = await http.fetch(req ? req.clone() : input, {
      ...init,
      method,
      headers,
      signal: timeout.signal,
      credentials: own && http.transport === 'cookie' ? 'include' : init.credentials,
    });
  } catch (error) {
    if (userSignal?.aborted) throw error;
    throw errorFromThrown(error);
  } finally {
    timeout.done();
  }
  if (own) {
    http.clock.observe(res.headers.get(H.serverTime));
    http.onHeaders(res.headers);
  }
  return res;
}

/** A JSON request body with its content type (state-changing routes require JSON). */
export function jsonInit(method: string, body?: unknown): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

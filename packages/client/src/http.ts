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

function timeoutSignal(user: AbortSignal | null | undefined, ms: number): AbortSignal | undefined {
  const timeout = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
  if (!user || !timeout) return user ?? timeout;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([user, timeout]) : user;
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
  if (http.transport === 'cookie' && !SAFE_METHODS.has(method)) {
    headers.set(H.csrf, CSRF_HEADER_VALUE);
  }
  const userSignal = init.signal ?? req?.signal;
  let res: Response;
  try {
    res = await http.fetch(req ? req.clone() : input, {
      ...init,
      method,
      headers,
      signal: timeoutSignal(userSignal, http.timeoutMs),
      credentials: http.transport === 'cookie' ? 'include' : init.credentials,
    });
  } catch (error) {
    if (userSignal?.aborted) throw error;
    throw errorFromThrown(error);
  }
  if (extras.trusted !== false) {
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

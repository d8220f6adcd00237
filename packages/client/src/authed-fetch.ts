import { errorFromResponse, readProblem, SessionClientError } from './errors.ts';
import { authUrl, send } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import { endFromProblem, endSession, isSessionEnding } from './session-state.ts';

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** Stands in for "this app" when there is no page (React Native, tests) and baseUrl is relative. */
const NO_PAGE = 'http://tessera.invalid/';

/**
 * The access token goes only to the service's origin and the page's origin, never to a third
 * party the app happens to call through the same fetch. The URL is resolved exactly as fetch
 * resolves it (`/\\evil.example`, `\\\\evil.example` and a leading space or tab all leave the
 * origin), then its origin is compared: no guessing "relative" from the string.
 */
export function mayCarryToken(ctx: ClientContext, input: RequestInfo | URL): boolean {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    const base = new URL(page ?? NO_PAGE);
    const trusted = new Set([base.origin, new URL(ctx.baseUrl || base.href, base).origin]);
    return trusted.has(new URL(urlOf(input), base).origin);
  } catch {
    return false; // unparsable: never attach the token
  }
}

/**
 * Sends with the access token. A 401 `token_expired` (and only that) triggers the shared
 * refresh and ONE retry; a second `token_expired` signs out instead of looping. A 401 that
 * ended the session signs out with its reason. 403, 5xx and network errors never refresh.
 */
export async function authedFetch(
  ctx: ClientContext,
  input: RequestInfo | URL,
  init: RequestInit,
  passive: boolean,
  retried = false,
): Promise<Response> {
  // Do not send a token that is being replaced right now.
  await ctx.coordinator.inFlight()?.catch(() => {});
  const token = ctx.accessToken;
  const trusted = mayCarryToken(ctx, input);
  const res = await send(ctx.http, input, init, {
    token: trusted ? token : null,
    passive,
    trusted,
  });
  if (!trusted || (res.status !== 401 && res.status !== 403)) return res;
  const problem = await readProblem(res);
  if (res.status === 403) {
    if (problem.code === 'step_up_required') {
      ctx.events.emit('step-up-required', { problem: problem.body });
    }
    return res;
  }
  if (!token) return res;
  if (problem.code === 'token_expired') {
    if (retried) {
      endSession(ctx, 'expired', 'session_expired', true);
      throw new SessionClientError('session_expired', { code: problem.code, status: 401 });
    }
    // Another refresh may already have replaced the token this request used.
    if (ctx.accessToken === token) await ctx.coordinator.refresh(passive);
    return authedFetch(ctx, input, init, passive, true);
  }
  if (isSessionEnding(problem.code) && ctx.accessToken === token) {
    endFromProblem(ctx, problem.code, problem.reason);
  }
  return res;
}

/** Reads a JSON answer, or throws the SessionClientError for a non-2xx one. */
export async function readJson<T>(ctx: ClientContext, res: Response): Promise<T> {
  if (!res.ok) throw await errorFromResponse(res, ctx.now());
  const body = (await res.json()) as T;
  ctx.clock.observe((body as { serverTime?: string }).serverTime);
  return body;
}

/** An auth route through {@link authedFetch}, answered as JSON. */
export async function authedJson<T>(
  ctx: ClientContext,
  route: string,
  init: RequestInit,
  passive = false,
): Promise<T> {
  return readJson<T>(ctx, await authedFetch(ctx, authUrl(ctx.baseUrl, route), init, passive));
}

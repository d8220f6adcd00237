import type { Context, MiddlewareHandler } from 'hono';
import { type FreshAuthOptions, freshAuthCheck, roleCheck } from './internal/authorize.ts';
import type { Rejection } from './internal/problem.ts';
import {
  type TesseraSession,
  type VerifyRequestOptions,
  verifyRequest,
} from './internal/verify-request.ts';

export type { FreshAuthOptions } from './internal/authorize.ts';
export type { TesseraSession } from './internal/verify-request.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `tesseraAuth` (left unset only with `optional: true` and no credentials). */
    session: TesseraSession;
  }
}

export type TesseraAuthOptions = VerifyRequestOptions;
type SessionEnv<S> = { Variables: { session: S } };

/**
 * Verifies `Authorization: Bearer` and sets `c.var.session`. Refusals answer 401 problem+json
 * with `WWW-Authenticate`; a store outage answers 503 with `Retry-After`.
 */
export function tesseraAuth(
  options: TesseraAuthOptions & { optional: true },
): MiddlewareHandler<SessionEnv<TesseraSession | undefined>>;
export function tesseraAuth(
  options: TesseraAuthOptions,
): MiddlewareHandler<SessionEnv<TesseraSession>>;
export function tesseraAuth(options: TesseraAuthOptions): MiddlewareHandler {
  const settings: VerifyRequestOptions = {
    engine: options.engine,
    optional: options.optional,
    allowGuests: options.allowGuests,
  };
  return async (c, next) => {
    const verdict = await verifyRequest(settings, {
      authorization: c.req.header('authorization'),
      sessionActivity: c.req.header('session-activity'),
    });
    if (!verdict.ok) return reject(verdict);
    if (verdict.session) c.set('session', verdict.session);
    await next();
  };
}

/** 403 `forbidden` unless the session has at least one of `roles`. Use after `tesseraAuth`. */
export function requireRole(...roles: string[]): MiddlewareHandler {
  const check = roleCheck(roles);
  return guard((c) => check(c.get('session')));
}

/** 403 `step_up_required` when the last full authentication is older than `maxAgeSeconds`. */
export function requireFreshAuth(
  maxAgeSeconds: number,
  options?: FreshAuthOptions,
): MiddlewareHandler {
  const check = freshAuthCheck(maxAgeSeconds, options);
  return guard((c) => check(c.get('session')));
}

function guard(check: (c: Context) => Rejection | null): MiddlewareHandler {
  return async (c, next) => {
    const refused = check(c);
    if (refused) return reject(refused);
    await next();
  };
}

function reject(rejection: Rejection): Response {
  return new Response(rejection.json, { status: rejection.status, headers: rejection.headers });
}

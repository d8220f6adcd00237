import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type FreshAuthOptions, freshAuthCheck, roleCheck } from './internal/authorize.ts';
import type { Rejection } from './internal/problem.ts';
import {
  type TesseraSession,
  type VerifyRequestOptions,
  verifyRequest,
} from './internal/verify-request.ts';

export type { FreshAuthOptions } from './internal/authorize.ts';
export type { TesseraSession } from './internal/verify-request.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `tesseraAuth`: the verified session (null only with `optional: true`). */
    tessera?: TesseraSession | null;
  }
}

export type TesseraAuthOptions = VerifyRequestOptions;

/**
 * Express 5 middleware: verifies `Authorization: Bearer` and sets `req.tessera`. Refusals
 * answer 401 problem+json with `WWW-Authenticate`; a store outage answers 503 with `Retry-After`.
 */
export function tesseraAuth(options: TesseraAuthOptions): RequestHandler {
  const settings: VerifyRequestOptions = {
    engine: options.engine,
    optional: options.optional,
    allowGuests: options.allowGuests,
  };
  // Express 5 passes a rejected promise to the error handler, so no manual catch is needed.
  return async (req, res, next) => {
    const activity = req.headers['session-activity'];
    const verdict = await verifyRequest(settings, {
      authorization: req.headers.authorization,
      sessionActivity: typeof activity === 'string' ? activity : undefined,
    });
    if (!verdict.ok) return reject(res, verdict);
    req.tessera = verdict.session;
    next();
  };
}

/** 403 `forbidden` unless the session has at least one of `roles`. Use after `tesseraAuth`. */
export function requireRole(...roles: string[]): RequestHandler {
  return guard(roleCheck(roles));
}

/** 403 `step_up_required` when the last full authentication is older than `maxAgeSeconds`. */
export function requireFreshAuth(
  maxAgeSeconds: number,
  options?: FreshAuthOptions,
): RequestHandler {
  return guard(freshAuthCheck(maxAgeSeconds, options));
}

function guard(check: (session: TesseraSession | null | undefined) => Rejection | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refused = check(req.tessera);
    if (refused) reject(res, refused);
    else next();
  };
}

function reject(res: Response, rejection: Rejection): void {
  res.status(rejection.status).set(rejection.headers).send(rejection.json);
}

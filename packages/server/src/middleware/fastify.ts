import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { type FreshAuthOptions, freshAuthCheck, roleCheck } from './internal/authorize.ts';
import type { Rejection } from './internal/problem.ts';
import {
  type TesseraSession,
  type VerifyRequestOptions,
  verifyRequest,
} from './internal/verify-request.ts';

export type { FreshAuthOptions } from './internal/authorize.ts';
export type { TesseraSession } from './internal/verify-request.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Tessera preHandler: the verified session, or null. */
    tessera: TesseraSession | null;
  }
}

export type TesseraAuthOptions = VerifyRequestOptions;

export interface TesseraPluginOptions extends TesseraAuthOptions {
  /** Verify every route of the scope (default true); false only decorates the request. */
  global?: boolean;
}

/**
 * Fastify plugin: `decorateRequest('tessera', null)` and, unless `global: false`, a preHandler
 * that verifies every route. Not encapsulated (like fastify-plugin), so routes registered
 * beside it see the decoration.
 */
export async function tesseraPlugin(
  fastify: FastifyInstance,
  options: TesseraPluginOptions,
): Promise<void> {
  if (!fastify.hasRequestDecorator('tessera')) fastify.decorateRequest('tessera', null);
  if (options.global !== false) fastify.addHook('preHandler', tesseraAuth(options));
}
Object.defineProperty(tesseraPlugin, Symbol.for('skip-override'), { value: true });
Object.defineProperty(tesseraPlugin, Symbol.for('fastify.display-name'), { value: 'tessera' });

/**
 * Per-route preHandler: verifies `Authorization: Bearer` and sets `request.tessera`. Refusals
 * answer 401 problem+json with `WWW-Authenticate`; a store outage answers 503 with `Retry-After`.
 */
export function tesseraAuth(options: TesseraAuthOptions): preHandlerAsyncHookHandler {
  const settings: VerifyRequestOptions = {
    engine: options.engine,
    optional: options.optional,
    allowGuests: options.allowGuests,
  };
  return async (request, reply) => {
    const activity = request.headers['session-activity'];
    const verdict = await verifyRequest(settings, {
      authorization: request.headers.authorization,
      sessionActivity: typeof activity === 'string' ? activity : undefined,
    });
    if (!verdict.ok) return reject(reply, verdict);
    request.tessera = verdict.session;
  };
}

/** 403 `forbidden` unless the session has at least one of `roles`. Run after `tesseraAuth`. */
export function requireRole(...roles: string[]): preHandlerAsyncHookHandler {
  return guard(roleCheck(roles));
}

/** 403 `step_up_required` when the last full authentication is older than `maxAgeSeconds`. */
export function requireFreshAuth(
  maxAgeSeconds: number,
  options?: FreshAuthOptions,
): preHandlerAsyncHookHandler {
  return guard(freshAuthCheck(maxAgeSeconds, options));
}

function guard(
  check: (session: TesseraSession | null | undefined) => Rejection | null,
): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = check(request.tessera);
    if (refused) return reject(reply, refused);
  };
}

function reject(reply: FastifyReply, rejection: Rejection): FastifyReply {
  return reply.code(rejection.status).headers(rejection.headers).send(rejection.json);
}

import { TesseraError } from '@tessera/core';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { problemResponse } from '../http/problem-response.ts';
import { errorSummary } from './error-summary.ts';
import { HttpProblem } from './http-problem.ts';
import type { AppMetrics } from './metrics.ts';

/** Seconds a client should wait before retrying after a dependency outage. */
const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place unexpected errors become responses. Store outages fail closed with 503; other
 * core errors keep their code; anything else is 500, logged by name only (no message, which
 * could carry request data, and no stack in the response).
 */
export function handleError(error: unknown, logger: Logger): Response {
  if (error instanceof HttpProblem) return error.response;
  if (error instanceof TesseraError && error.code === 'unavailable') {
    logger.error({ err: errorSummary(error) }, 'dependency unavailable');
    return problemResponse('unavailable', { retryAfter: OUTAGE_RETRY_AFTER_SECONDS });
  }
  if (
    error instanceof TesseraError &&
    (error.code === 'invalid_request' || error.code === 'payload_too_large')
  ) {
    return problemResponse(error.code);
  }
  logger.error(
    {
      err: errorSummary(error),
      stack: error instanceof Error ? redactStack(error.stack) : undefined,
    },
    'unexpected error',
  );
  return problemResponse('internal');
}

// The first stack line repeats the message; keep only the frames.
function redactStack(stack: string | undefined): string | undefined {
  return stack?.split('\n').slice(1).join('\n');
}

/** Request duration histogram, labelled by the matched route pattern (not the raw path). */
export function timing(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.res.status === 404 ? 'unmatched' : routePath(c);
    metrics.httpDuration.observe(
      { method: c.req.method, route, status: String(c.res.status) },
      (performance.now() - start) / 1000,
    );
  };
}

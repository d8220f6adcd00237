import { RootRoutes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import { errorSummary } from '../internal/error-summary.ts';
import { buildOpenApi } from '../internal/openapi.ts';
import { jsonReply } from '../internal/planned-headers.ts';

/** Root routes: JWKS, health, readiness, Prometheus metrics, OpenAPI. */
export function registerRoot(app: Hono<AppEnv>, deps: AppDeps): void {
  const openapi = JSON.stringify(buildOpenApi());

  app.get(RootRoutes.jwks, async (c) => {
    const jwks = await deps.engine.jwks();
    return jsonReply(c, jwks, 200, { 'cache-control': 'public, max-age=300' });
  });

  app.get(RootRoutes.healthz, (c) => jsonReply(c, { status: 'ok' }));

  app.get(RootRoutes.readyz, async (c) => {
    try {
      // Not ready until the engine has started (its keys opened); start() is idempotent.
      await deps.engine.start();
      await deps.readiness();
    } catch (error) {
      deps.logger.warn({ err: errorSummary(error) }, 'readiness check failed');
      return jsonReply(c, { status: 'unavailable' }, 503, {
        'retry-after': '5',
        'cache-control': 'no-store',
      });
    }
    return jsonReply(c, { status: 'ok' }, 200, { 'cache-control': 'no-store' });
  });

  app.get(RootRoutes.metrics, async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.body(text, 200, {
      'content-type': deps.metrics.registry.contentType,
      'cache-control': 'no-store',
    });
  });

  app.get(RootRoutes.openapi, (c) => c.body(openapi, 200, { 'content-type': 'application/json' }));
}

import { RootRoutes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import { errorSummary } from '../internal/error-summary.ts';
import { buildOpenApi } from '../internal/openapi.ts';

/** Root routes: JWKS, health, readiness, Prometheus metrics, OpenAPI. */
export function registerRoot(app: Hono<AppEnv>, deps: AppDeps): void {
  const openapi = JSON.stringify(buildOpenApi());

  app.get(RootRoutes.jwks, async (c) => {
    const jwks = await deps.engine.jwks();
    c.header('cache-control', 'public, max-age=300');
    return c.json(jwks);
  });

  app.get(RootRoutes.healthz, (c) => c.json({ status: 'ok' }));

  app.get(RootRoutes.readyz, async (c) => {
    try {
      // Not ready until the engine has started (its keys opened); start() is idempotent.
      await deps.engine.start();
      await deps.readiness();
    } catch (error) {
      deps.logger.warn({ err: errorSummary(error) }, 'readiness check failed');
      c.header('retry-after', '5');
      c.header('cache-control', 'no-store');
      return c.json({ status: 'unavailable' }, 503);
    }
    c.header('cache-control', 'no-store');
    return c.json({ status: 'ok' });
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

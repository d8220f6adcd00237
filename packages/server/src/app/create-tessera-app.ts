import {
  type Clock,
  type RateLimitStore,
  type SessionEngine,
  systemClock,
  type UserStore,
} from '@tessera/core';
import { AUTH_BASE_PATH, RootRoutes } from '@tessera/protocol';
import { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import type { Registry } from 'prom-client';
import type { ServerConfig } from '../config/server-config.ts';
import { problemResponse } from '../http/problem-response.ts';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import { attachAuditLog } from '../internal/audit-log.ts';
import { type AuditSink, attachAuditTrail } from '../internal/audit-trail.ts';
import { createClientIpResolver } from '../internal/client-ip.ts';
import { cors } from '../internal/cors.ts';
import { handleError, timing } from '../internal/error-handler.ts';
import { createMetrics } from '../internal/metrics.ts';
import { plannedHeaders } from '../internal/planned-headers.ts';
import { headerLimits, refuseTokensInUrl, serverTimeHeader } from '../internal/request-guards.ts';
import { securityHeaders } from '../internal/security-headers.ts';
import { headerLocationResolver, type LocationResolver } from '../location/location-resolver.ts';
import { dummyHash } from '../password/hash-password.ts';
import { createMemoryRateLimitStore } from '../rate-limit/memory-rate-limit-store.ts';
import { registerAnonymous } from '../routes/anonymous.ts';
import { registerLogin } from '../routes/login.ts';
import { registerLogout } from '../routes/logout.ts';
import { registerPassword } from '../routes/password.ts';
import { registerReauth } from '../routes/reauth.ts';
import { registerRefresh } from '../routes/refresh.ts';
import { registerRoot } from '../routes/root.ts';
import { registerSessionData } from '../routes/session-data.ts';
import { registerSessionRoutes } from '../routes/session-routes.ts';
import { registerSessions } from '../routes/sessions.ts';
import { registerStaticFiles } from '../routes/static-files.ts';
import { type MountedHandler, registerMounts } from './mount-handlers.ts';

export interface TesseraAppOptions {
  engine: SessionEngine;
  users: UserStore;
  config: ServerConfig;
  /** Default: pino at config.logLevel, with credential-bearing paths redacted. */
  logger?: Logger;
  /** Default: an in-memory store (one process). */
  rateLimits?: RateLimitStore;
  /** Default: a header resolver when TESSERA_LOCATION_HEADER is set, else none. */
  locationResolver?: LocationResolver;
  /**
   * A durable audit trail (e.g. the PostgreSQL store's `audit_events`): every engine event is
   * appended in small batches off the request path, with the fields of the audit log line.
   */
  auditSink?: AuditSink;
  /**
   * Counts live sessions in the store (SessionStore.countLive) for the `active_sessions`
   * gauge, at scrape time with a 10 s cache. Without it the gauge is this instance's estimate.
   */
  countLiveSessions?: (now: number) => Promise<number>;
  /**
   * The embedding app's own handlers (its API next to the auth routes), each served under its
   * path prefix before the static files. Prefixes overlapping the service's paths are refused.
   */
  mount?: readonly MountedHandler[];
  /** Called by /readyz; throw when not ready. Default: always ready. */
  readiness?: () => Promise<void>;
  clock?: Clock;
}

export interface TesseraApp {
  app: Hono<AppEnv>;
  /** Web-standard handler; pass @hono/node-server's env as the second argument for the socket address. */
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  metrics: Registry;
  /**
   * Detach the app's engine listeners and write the queued audit-trail rows. The engine and
   * stores belong to the caller (close them after this).
   */
  close(): Promise<void>;
}

/** The HTTP service: routes of DESIGN.md §3 plus health, metrics, JWKS, OpenAPI. */
export function createTesseraApp(options: TesseraAppOptions): TesseraApp {
  const { engine, config } = options;
  const logger = options.logger ?? defaultLogger(config);
  const clock = options.clock ?? systemClock;
  const { metrics, stop: stopMetrics } = createMetrics(
    engine,
    options.countLiveSessions ? { count: options.countLiveSessions, clock } : undefined,
  );
  const detachAudit = attachAuditLog(engine, logger);
  const trail = options.auditSink ? attachAuditTrail(engine, options.auditSink, logger) : null;
  const deps: AppDeps = {
    engine,
    users: options.users,
    config,
    logger,
    rateLimits: options.rateLimits ?? createMemoryRateLimitStore(),
    locationResolver:
      options.locationResolver ??
      (config.locationHeader ? headerLocationResolver(config.locationHeader) : null),
    readiness: options.readiness ?? (async () => undefined),
    clock,
    metrics,
    clientIp: createClientIpResolver(config.trustProxy),
  };
  // Compute the dummy hash now so the first unknown-user login is not faster or slower.
  dummyHash().catch(() => undefined);
  if (config.dataKey === null)
    logger.warn(
      'TESSERA_DATA_KEY is not set: keys and session data are stored unencrypted (development only)',
    );

  const app = new Hono<AppEnv>();
  app.use('*', timing(metrics));
  app.use('*', plannedHeaders());
  app.use('*', securityHeaders({ hsts: config.cookieSecure }));
  app.use('*', headerLimits());
  app.use(`${AUTH_BASE_PATH}/*`, cors(config.trustedOrigins));
  app.use(RootRoutes.jwks, cors(config.trustedOrigins));
  app.use(`${AUTH_BASE_PATH}/*`, refuseTokensInUrl());
  app.use(`${AUTH_BASE_PATH}/*`, serverTimeHeader(deps.clock));
  registerLogin(app, deps);
  registerAnonymous(app, deps);
  registerRefresh(app, deps);
  registerLogout(app, deps);
  registerSessionRoutes(app, deps);
  registerSessions(app, deps);
  registerSessionData(app, deps);
  registerPassword(app, deps);
  registerReauth(app, deps);
  registerRoot(app, deps);
  registerMounts(app, options.mount ?? []);
  if (config.staticDir !== null) registerStaticFiles(app, config.staticDir);
  app.notFound(() => problemResponse('not_found'));
  app.onError((error) => handleError(error, logger));

  return {
    app,
    fetch: async (request, env) => app.fetch(request, env as AppEnv['Bindings']),
    metrics: metrics.registry,
    close: async () => {
      stopMetrics();
      detachAudit();
      await trail?.close();
    },
  };
}

function defaultLogger(config: ServerConfig): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: [
        'password',
        '*.password',
        'accessToken',
        'refreshToken',
        '*.accessToken',
        '*.refreshToken',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

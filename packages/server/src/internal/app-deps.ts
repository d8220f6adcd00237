import type { Clock, RateLimitStore, SessionEngine, UserStore } from '@tessera/core';
import type { Context, Env } from 'hono';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.ts';
import type { LocationResolver } from '../location/location-resolver.ts';
import type { ClientIpResolver } from './client-ip.ts';
import type { AppMetrics } from './metrics.ts';
import type { HeaderPlan } from './planned-headers.ts';

/** Everything a route needs, built once by createTesseraApp. */
export interface AppDeps {
  engine: SessionEngine;
  users: UserStore;
  config: ServerConfig;
  logger: Logger;
  rateLimits: RateLimitStore;
  locationResolver: LocationResolver | null;
  readiness: () => Promise<void>;
  clock: Clock;
  metrics: AppMetrics;
  clientIp: ClientIpResolver;
}

/** Bindings @hono/node-server passes as `env`; absent in app.request() tests without env. */
export interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string }; rawHeaders?: readonly string[] };
}

export interface AppEnv extends Env {
  Bindings: NodeBindings | undefined;
  Variables: { headerPlan?: HeaderPlan };
}

export type AppContext = Context<AppEnv>;

/** The client address of a request (socket peer, or X-Forwarded-For behind a trusted proxy). */
export function requestIp(c: AppContext, deps: AppDeps): string | null {
  const peer = c.env?.incoming?.socket?.remoteAddress ?? null;
  return deps.clientIp(peer, c.req.raw.headers);
}

import { ConfigError } from '@tessera/core';
import { AUTH_BASE_PATH, RootRoutes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { mount } from 'hono/mount';
import type { AppEnv } from '../internal/app-deps.ts';

/**
 * A Web-standard handler of the embedding app (e.g. a Hono app's `fetch`), served by the
 * Tessera service under `path`. The handler sees the path without the prefix.
 */
export interface MountedHandler {
  /** Path prefix, e.g. `/api/demo`: `GET /api/demo/export` reaches the handler as `/export`. */
  path: string;
  fetch: (request: Request) => Response | Promise<Response>;
}

const PREFIX = /^(?:\/[A-Za-z0-9._~-]+)+$/;
const RESERVED = [AUTH_BASE_PATH, ...Object.values(RootRoutes)];

/**
 * Serves each handler under its prefix (all methods). Prefixes that would take or shadow one
 * of the service's own paths (the auth routes, /healthz, …) stop start-up, naming the option.
 */
export function registerMounts(app: Hono<AppEnv>, mounts: readonly MountedHandler[]): void {
  const seen = new Set<string>();
  for (const handler of mounts) {
    const problem = mountProblem(handler.path, seen);
    if (problem) throw new ConfigError('mount', `${JSON.stringify(handler.path)} ${problem}`);
    seen.add(handler.path);
    const served = mount((request: Request) => handler.fetch(request));
    app.all(handler.path, served);
    app.all(`${handler.path}/*`, served);
  }
}

function mountProblem(path: string, seen: ReadonlySet<string>): string | null {
  if (!PREFIX.test(path)) return 'must be a path like /api/app (no trailing slash)';
  if (seen.has(path)) return 'is mounted twice';
  const overlaps = (own: string) =>
    own === path || own.startsWith(`${path}/`) || path.startsWith(`${own}/`);
  const taken = RESERVED.find(overlaps);
  return taken ? `overlaps the service's own path ${taken}` : null;
}

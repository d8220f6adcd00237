import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { type AppDeps, type AppEnv, requestIp } from '../internal/app-deps.ts';
import { passesCsrf } from '../internal/csrf.ts';
import { parseDevice } from '../internal/device.ts';
import { countGuestStart } from '../internal/guest-throttle.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { resolveLocation } from '../internal/resolve-location.ts';
import { AnonymousRequestSchema } from '../internal/schemas.ts';
import { tokenResponse } from '../internal/token-response.ts';

/**
 * POST /anonymous: a guest session, answered like /login with `user: null` (cookie or bearer
 * transport). It needs no credentials, so it is rate-limited per client address, and in cookie
 * mode it must pass the CSRF check: its Set-Cookie replaces the browser's refresh cookie, which
 * a cross-site request must never be able to do (it would sign the user out).
 */
export function registerAnonymous(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.anonymous, async (c) => {
    const body = await readJsonBody(c.req.raw, AnonymousRequestSchema);
    const transport = body.transport ?? 'cookie';
    if (transport === 'cookie' && !passesCsrf(c.req.raw, deps.config.trustedOrigins)) {
      throw new HttpProblem('csrf_failed');
    }
    const ip = requestIp(c, deps);
    await countGuestStart(deps, ip);
    const headers = c.req.raw.headers;
    const issued = await deps.engine.startAnonymous({
      device: parseDevice(headers),
      ip,
      location: await resolveLocation(deps, ip, headers),
    });
    return tokenResponse(c, deps, issued, null, transport);
  });
}

import { createHmac, randomBytes } from 'node:crypto';
import type { Clock, SessionEngine } from '@tessera/core';
import type { MountedHandler } from '@tessera/server';
import { requireFreshAuth, tesseraAuth } from '@tessera/server/hono';
import { Hono } from 'hono';

/** Where the demo's own API lives, next to /api/auth. */
export const DEMO_API_PATH = '/api/demo';
/** How recent the last password entry must be to see the recovery codes (5 minutes). */
export const DEFAULT_STEP_UP_MAX_AGE_SECONDS = 300;

export interface DemoApiOptions {
  engine: SessionEngine;
  clock: Clock;
  stepUpMaxAgeSeconds?: number;
}

/**
 * The demo's one sensitive action: GET /api/demo/recovery-codes. Guests are refused (403
 * `forbidden`, the default of tesseraAuth); a password entered longer ago than the window
 * answers 403 `step_up_required`, which the UI answers with <ReauthDialog>.
 */
export function demoApi(options: DemoApiOptions): MountedHandler {
  const maxAge = options.stepUpMaxAgeSeconds ?? DEFAULT_STEP_UP_MAX_AGE_SECONDS;
  // Codes are derived per user from a key that lives as long as the process: stable while the
  // demo runs, never stored, and worthless elsewhere (they unlock nothing).
  const key = randomBytes(32);
  const api = new Hono();
  api.use('*', tesseraAuth({ engine: options.engine }));
  api.get('/recovery-codes', requireFreshAuth(maxAge, { clock: options.clock }), (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ codes: recoveryCodes(key, c.var.session.userId) });
  });
  return { path: DEMO_API_PATH, fetch: (request) => api.fetch(request) };
}

function recoveryCodes(key: Buffer, userId: string): string[] {
  const hex = createHmac('sha256', key).update(userId).digest('hex');
  return Array.from({ length: 6 }, (_, i) => {
    const part = hex.slice(i * 10, i * 10 + 10);
    return `${part.slice(0, 5)}-${part.slice(5)}`;
  });
}

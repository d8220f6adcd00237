import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemResponse } from '../http/problem-response.ts';
import type { AppEnv } from './app-deps.ts';
import {
  HeaderPlan,
  jsonReply,
  type PlannedHeader,
  planHeaders,
  plannedHeaders,
} from './planned-headers.ts';

const PLANNED: readonly PlannedHeader[] = [
  ['x-frame-options', 'DENY', 'set'],
  ['cache-control', 'no-store', 'set'],
  ['content-security-policy', "default-src 'none'", 'default'],
  ['vary', 'Origin', 'append'],
];

describe('HeaderPlan', () => {
  it('merges into a reply: set replaces, default yields, append adds', () => {
    const plan = new HeaderPlan();
    plan.add(PLANNED);
    expect(
      plan.merge({
        'content-type': 'application/json',
        'cache-control': 'public, max-age=300',
        'content-security-policy': "default-src 'self'",
        vary: 'Accept',
      }),
    ).toEqual({
      'content-type': 'application/json',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'",
      vary: 'Accept, Origin',
    });
    expect(plan.merge({})).toEqual({
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
      vary: 'Origin',
    });
  });

  it('applies the same rules to a response built without it', () => {
    const plan = new HeaderPlan();
    plan.add(PLANNED);
    const headers = new Headers({ 'cache-control': 'public', vary: 'Accept' });
    plan.applyTo(headers);
    expect(Object.fromEntries(headers)).toEqual({
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
      vary: 'Accept, Origin',
      'x-frame-options': 'DENY',
    });
  });
});

describe('plannedHeaders()', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** Counts reads of `Response#headers`: the access that costs the fast write path. */
  function countHeaderAccess(): { count: number } {
    const seen = { count: 0 };
    const Platform = globalThis.Response;
    class Counting extends Platform {
      override get headers(): Headers {
        seen.count += 1;
        return super.headers;
      }
    }
    vi.stubGlobal('Response', Counting);
    return seen;
  }

  function app(): Hono<AppEnv> {
    const app = new Hono<AppEnv>();
    app.use('*', plannedHeaders());
    app.use('*', async (c, next) => {
      planHeaders(c, PLANNED);
      return next();
    });
    app.get('/reply', (c) => jsonReply(c, { ok: true }, 200, { 'cache-control': 'public' }));
    app.get('/problem', () => problemResponse('not_found'));
    return app;
  }

  it('a reply carries the planned headers as built: nothing touches its Headers afterwards', async () => {
    const seen = countHeaderAccess();
    const res = await app().request('/reply');
    expect(seen.count).toBe(0);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('any other response gets the planned headers added afterwards', async () => {
    const seen = countHeaderAccess();
    const res = await app().request('/problem');
    expect(seen.count).toBeGreaterThan(0);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('vary')).toBe('Origin');
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-deps.ts';
import { headerLimits, MAX_TOTAL_HEADER_BYTES } from './request-guards.ts';

const app = new Hono<AppEnv>();
app.use('*', headerLimits());
app.get('/', (c) => c.text('ok'));

/** Headers of 4 KiB each (under the per-header caps) that add up to `total` bytes or more. */
function manyHeaders(total: number): [string, string][] {
  const count = Math.ceil(total / 4096) + 1;
  return Array.from({ length: count }, (_, i) => [`x-filler-${i}`, 'v'.repeat(4096)]);
}

describe('headerLimits: the total size of the request headers', () => {
  it('is counted from the Headers object when no raw list is at hand (431 over the cap)', async () => {
    const over = await app.request('/', { headers: manyHeaders(MAX_TOTAL_HEADER_BYTES) });
    expect(over.status).toBe(431);
    expect(over.headers.get('content-type')).toBe('application/problem+json');
    const under = await app.request('/', { headers: manyHeaders(MAX_TOTAL_HEADER_BYTES / 2) });
    expect(under.status).toBe(200);
  });

  it("is counted from node-server's raw header list when there is one", async () => {
    const raw = manyHeaders(MAX_TOTAL_HEADER_BYTES).flat();
    // The Request itself carries nothing large: only the raw list can trip the cap.
    const over = await app.request('/', {}, { incoming: { rawHeaders: raw } });
    expect(over.status).toBe(431);
    const small = ['host', 'localhost', 'accept', '*/*'];
    expect((await app.request('/', {}, { incoming: { rawHeaders: small } })).status).toBe(200);
  });
});

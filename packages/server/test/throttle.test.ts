import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, createHarness, type Harness, json, PASSWORD } from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

const attempt = (
  email: string,
  password: string,
  ip: string,
  headers: Record<string, string> = {},
) => h.request(auth('/login'), { ...json({ email, password }, headers), ip });

describe('login throttling', () => {
  it('10 failures per account ⇒ 429 with Retry-After, even with the right password, from any address', async () => {
    for (let i = 0; i < 10; i++)
      expect((await attempt('Alice@Example.com', 'wrong', `198.51.100.${i}`)).status).toBe(401);
    const blocked = await attempt('alice@example.com', PASSWORD, '192.0.2.200');
    expect(blocked.status).toBe(429);
    const body = (await blocked.json()) as { code: string; retryAfter: number };
    expect(body.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBe(body.retryAfter);
    expect(body.retryAfter).toBeGreaterThan(0);
    h.clock.advance(15 * 60_000 + 1);
    expect((await attempt('alice@example.com', PASSWORD, '192.0.2.200')).status).toBe(200);
  });

  it('unknown accounts are counted like known ones', async () => {
    for (let i = 0; i < 10; i++) await attempt('ghost@example.com', 'wrong', `198.51.100.${i}`);
    expect((await attempt('ghost@example.com', 'wrong', '192.0.2.1')).status).toBe(429);
  });

  it('50 failures per address ⇒ 429 for any account from it; a success does not reset it', async () => {
    await h.addUser('bob@example.com');
    for (let i = 0; i < 49; i++) await attempt(`user${i}@example.com`, 'wrong', '203.0.113.50');
    expect((await attempt('bob@example.com', PASSWORD, '203.0.113.50')).status).toBe(200);
    await attempt('user49@example.com', 'wrong', '203.0.113.50');
    expect((await attempt('bob@example.com', PASSWORD, '203.0.113.50')).status).toBe(429);
    expect((await attempt('bob@example.com', PASSWORD, '203.0.113.51')).status).toBe(200);
  });

  it('40 parallel wrong passwords for one account: at most 10 are verified, the rest get 429', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        return (await attempt('alice@example.com', 'wrong', `198.51.100.${i}`)).status;
      }),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
    expect((await attempt('alice@example.com', PASSWORD, '192.0.2.9')).status).toBe(429);
  });

  it('parallel guesses from one address across accounts: at most 50 are verified', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        return (await attempt(`user${i}@example.com`, 'wrong', '203.0.113.9')).status;
      }),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(50);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
  });

  it('a correct password after failures still works under the limit, and clears the account count', async () => {
    for (let i = 0; i < 9; i++) await attempt('alice@example.com', 'wrong', '198.51.100.1');
    expect((await attempt('alice@example.com', PASSWORD, '198.51.100.1')).status).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await attempt('alice@example.com', 'wrong', '198.51.100.2')).status).toBe(401);
  });

  it('successes do not consume the address budget', async () => {
    for (let i = 0; i < 60; i++)
      expect((await attempt('alice@example.com', PASSWORD, '203.0.113.77')).status).toBe(200);
    for (let i = 0; i < 50; i++)
      expect((await attempt(`u${i}@example.com`, 'wrong', '203.0.113.77')).status).toBe(401);
    expect((await attempt('u50@example.com', 'wrong', '203.0.113.77')).status).toBe(429);
  });

  it('a spoofed X-Forwarded-For does not reset the count when the proxy is not trusted', async () => {
    for (let i = 0; i < 50; i++) {
      await attempt(`user${i}@example.com`, 'wrong', '203.0.113.50', {
        'x-forwarded-for': `10.0.${i}.1`,
      });
    }
    const res = await attempt('alice@example.com', PASSWORD, '203.0.113.50', {
      'x-forwarded-for': '10.9.9.9',
    });
    expect(res.status).toBe(429);
  });

  it('behind a trusted proxy the right-most untrusted X-Forwarded-For entry is the client', async () => {
    await h.close();
    h = await createHarness({ TESSERA_TRUST_PROXY: '10.0.0.0/8' });
    await h.addUser('alice@example.com');
    for (let i = 0; i < 50; i++) {
      await attempt(`user${i}@example.com`, 'wrong', '10.0.0.1', {
        'x-forwarded-for': `1.1.1.${i % 5}, 198.51.100.7, 10.0.0.2`,
      });
    }
    const same = await attempt('alice@example.com', PASSWORD, '10.0.0.1', {
      'x-forwarded-for': '9.9.9.9, 198.51.100.7',
    });
    expect(same.status).toBe(429);
    const other = await attempt('alice@example.com', PASSWORD, '10.0.0.1', {
      'x-forwarded-for': '198.51.100.8',
    });
    expect(other.status).toBe(200);
    expect(((await other.json()) as { session: { ip: string } }).session.ip).toBe('198.51.100.8');
  });
});

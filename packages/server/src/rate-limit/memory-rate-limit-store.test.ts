import { describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts';

describe('createMemoryRateLimitStore', () => {
  it('counts in fixed windows and forgets expired ones', async () => {
    const store = createMemoryRateLimitStore();
    expect(await store.hit('k', 1000, 0)).toEqual({ count: 1, resetAt: 1000 });
    expect(await store.hit('k', 1000, 500)).toEqual({ count: 2, resetAt: 1000 });
    expect((await store.peek('k', 999)).count).toBe(2);
    expect((await store.peek('k', 1000)).count).toBe(0);
    expect(await store.hit('k', 1000, 1000)).toEqual({ count: 1, resetAt: 2000 });
    await store.reset('k');
    expect((await store.peek('k', 1000)).count).toBe(0);
  });
  it('release gives one hit back, never below 0', async () => {
    const store = createMemoryRateLimitStore();
    await store.hit('k', 1000, 0);
    await store.hit('k', 1000, 0);
    await store.release('k', 10);
    expect((await store.peek('k', 10)).count).toBe(1);
    await store.release('k', 10);
    await store.release('k', 10);
    expect((await store.peek('k', 10)).count).toBe(0);
    await store.release('never-hit', 10);
    expect(await store.hit('k', 1000, 20)).toEqual({ count: 1, resetAt: 1000 });
  });
  it('stays bounded', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.hit(key, 1000, 0);
    expect((await store.peek('a', 0)).count).toBe(0);
    expect((await store.peek('d', 0)).count).toBe(1);
  });
});

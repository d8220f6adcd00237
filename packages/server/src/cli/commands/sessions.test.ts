import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../middleware/test-support/fixture.ts';
import {
  type Backend,
  createHarness,
  type Harness,
  kidOf,
  signIn,
} from '../test-support/harness.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each<Backend>(['memory', 'sqlite'])('tessera sessions, keys, cleanup (%s)', (backend) => {
  let h: Harness;
  let userId: string;
  beforeEach(async () => {
    h = await createHarness(backend);
    await h.run(['users', 'add', 'erin@example.com', '--password', 'erin password']);
    userId = (JSON.parse((await h.run(['users', 'list', '--json'])).stdout) as { id: string }[])[0]!
      .id;
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('lists sessions and revokes one with reason admin', async () => {
    const side = await h.open();
    try {
      const one = await signIn(side.engine, userId);
      const two = await signIn(side.engine, userId);
      const listed = await h.run(['sessions', 'list', '--user', 'erin@example.com', '--json']);
      expect(listed.code).toBe(0);
      const ids = (JSON.parse(listed.stdout) as { id: string; ip: string }[]).map((s) => s.id);
      expect(ids.sort()).toEqual([one.sessionId, two.sessionId].sort());
      expect(listed.stdout).not.toContain(one.refreshToken);
      expect((await h.run(['sessions', 'list'])).stdout).toContain(one.sessionId);

      // `--`: a base64url id may start with '-'.
      const revoked = await h.run(['sessions', 'revoke', '--', one.sessionId]);
      expect(revoked.code).toBe(0);
      const refreshed = await side.engine.refresh(one.refreshToken);
      expect(refreshed).toMatchObject({ ok: false, code: 'session_revoked', reason: 'admin' });
      expect((await side.engine.refresh(two.refreshToken)).ok).toBe(true);
      expect((await h.run(['sessions', 'revoke', '--', one.sessionId])).code).toBe(1);
      expect((await h.run(['sessions', 'list', '--user', 'nobody@example.com'])).code).toBe(1);
    } finally {
      await side.close();
    }
  });

  it('keys rotate changes the kid of new tokens while old tokens still verify', async () => {
    const before = await h.open();
    const old = await signIn(before.engine, userId);
    await before.close();

    const rotated = await h.run(['keys', 'rotate']);
    expect(rotated.code).toBe(0);
    const kid = /New signing key (\S+)/.exec(rotated.stdout)?.[1];
    expect(kid).toBeDefined();
    expect(kid).not.toBe(kidOf(old.accessToken));

    const after = await h.open();
    try {
      const fresh = await signIn(after.engine, userId);
      expect(kidOf(fresh.accessToken)).toBe(kid);
      expect((await after.engine.verifyAccessToken(old.accessToken)).ok).toBe(true);
      expect((await after.engine.verifyAccessToken(fresh.accessToken)).ok).toBe(true);
    } finally {
      await after.close();
    }
  });

  it('cleanup deletes ended sessions and keeps live ones', async () => {
    const clock = fakeClock(Date.now() - 40 * DAY);
    const past = await h.open(clock);
    const expired = await signIn(past.engine, userId);
    await past.close();
    const present = await h.open();
    const live = await signIn(present.engine, userId);
    try {
      const cleaned = await h.run(['cleanup']);
      expect(cleaned.code).toBe(0);
      expect(cleaned.stdout).toContain('Deleted 1 ');
      expect(await present.stores.store.get(expired.sessionId)).toBeNull();
      expect(await present.stores.store.get(live.sessionId)).not.toBeNull();
    } finally {
      await present.close();
    }
  });
});

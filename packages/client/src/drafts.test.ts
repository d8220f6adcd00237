import { describe, expect, it, vi } from 'vitest';
import { ADA, BASE, BOB, flush, useFakeBrowser } from './test-support/harness.ts';

describe('drafts', () => {
  const browser = useFakeBrowser();

  const form = (initial: unknown) => {
    const field = { value: initial as unknown };
    return { field, accessor: { get: () => field.value, set: (v: unknown) => (field.value = v) } };
  };

  it('snapshots before a forced sign-out and restores after the same user signs in', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    const { field, accessor } = form({ title: 'Half-written' });
    client.drafts.register('post', accessor);
    browser.server.endSession('session_idle_timeout');
    await expect(client.fetch(`${BASE}/api/data`)).rejects.toMatchObject({
      kind: 'session_expired',
    });
    const stored = browser.localStorage.getItem('tessera:drafts:u1');
    expect(JSON.parse(stored ?? '{}')).toEqual({ post: { title: 'Half-written' } });
    expect(stored).not.toMatch(/at-|rt-/); // never a token
    field.value = null;
    await client.login(ADA);
    expect(field.value).toEqual({ title: 'Half-written' });
    expect(browser.localStorage.getItem('tessera:drafts:u1')).toBeNull();
  });

  it('restores into a form registered after sign-in (page reloaded)', async () => {
    browser.localStorage.setItem('tessera:drafts:u1', JSON.stringify({ post: 'kept' }));
    const { client } = browser.tab();
    await client.login(ADA);
    const { field, accessor } = form('');
    client.drafts.register('post', accessor);
    expect(field.value).toBe('kept');
  });

  it('wipes drafts on explicit logout', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    client.drafts.register('post', form('typed').accessor);
    browser.localStorage.setItem('tessera:drafts:u1', JSON.stringify({ other: 'x' }));
    await client.logout();
    expect(browser.localStorage.getItem('tessera:drafts:u1')).toBeNull();
  });

  it('a different user signing in over a signed-in tab wipes the previous user drafts', async () => {
    const { client } = browser.tab();
    await client.login(ADA);
    browser.localStorage.setItem('tessera:drafts:u1', JSON.stringify({ post: 'ada' }));
    await client.login(BOB);
    expect(browser.localStorage.getItem('tessera:drafts:u1')).toBeNull();
  });

  it('wipes drafts when another user signs in, and never restores them to that user', async () => {
    browser.localStorage.setItem('tessera:drafts:u1', JSON.stringify({ post: 'ada secret' }));
    const { client } = browser.tab();
    const { field, accessor } = form('');
    client.drafts.register('post', accessor);
    await client.login(BOB);
    await flush();
    expect(field.value).toBe('');
    expect(browser.localStorage.getItem('tessera:drafts:u1')).toBeNull();
  });

  it('two tabs: a forced sign-out keeps the draft typed in one tab (the empty tab never overwrites it)', async () => {
    const a = browser.tab();
    const b = browser.tab();
    // Like the demo: each tab has its own copy of the editor; only A has text.
    const fa = form('');
    const fb = form('');
    a.client.drafts.register('notes', fa.accessor);
    b.client.drafts.register('notes', fb.accessor);
    await a.client.login(ADA);
    await flush();
    expect(b.client.getState().status).toBe('signed-in');
    fa.field.value = 'Quarterly plan';
    a.fire('keydown'); // the user works in tab A
    // A sees the 401 and snapshots; B snapshots its empty editor after the broadcast.
    browser.server.endSession('session_revoked', 'revoked_by_user');
    await expect(a.client.fetch(`${BASE}/api/data`)).rejects.toBeTruthy();
    await flush();
    expect(b.client.getState().status).toBe('signed-out');
    expect(JSON.parse(browser.localStorage.getItem('tessera:drafts:u1') ?? '{}')).toEqual({
      notes: 'Quarterly plan',
    });
    fa.field.value = '';
    await a.client.login(ADA);
    await flush();
    expect(fa.field.value).toBe('Quarterly plan');
  });

  it('two tabs with different text: the latest edit wins, whichever tab snapshots last', async () => {
    const a = browser.tab();
    const b = browser.tab();
    const fa = form('');
    const fb = form('');
    a.client.drafts.register('notes', fa.accessor);
    b.client.drafts.register('notes', fb.accessor);
    await a.client.login(ADA);
    await flush();
    fb.field.value = 'older text in B';
    b.fire('keydown');
    await vi.advanceTimersByTimeAsync(5_000);
    fa.field.value = 'newer text in A';
    a.fire('keydown');
    await vi.advanceTimersByTimeAsync(5_000);
    browser.server.endSession('session_revoked', 'revoked_by_user');
    // A snapshots first (it sees the 401), B after the broadcast: B's older edit must not win.
    await expect(a.client.fetch(`${BASE}/api/data`)).rejects.toBeTruthy();
    await flush();
    expect(b.client.getState().status).toBe('signed-out');
    expect(JSON.parse(browser.localStorage.getItem('tessera:drafts:u1') ?? '{}')).toEqual({
      notes: 'newer text in A',
    });
  });
});

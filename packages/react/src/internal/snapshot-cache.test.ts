import type { SessionClient, SessionState } from '@tessera/client';
import { describe, expect, it } from 'vitest';
import { createSnapshotSource } from './snapshot-cache.ts';

const base: SessionState = {
  status: 'signed-in',
  user: { id: 'u1', email: 'a@example.com', roles: ['user'] },
  session: null,
  idleExpiresAt: 1_000,
  absoluteExpiresAt: 2_000,
  idleTimeoutSeconds: 900,
  warningAt: 500,
  reason: null,
};

/** A client whose getState() builds a fresh object on every call, as some clients do. */
function freshObjectClient(read: () => SessionState): SessionClient {
  return {
    getState: () => structuredClone(read()),
    on: () => () => {},
  } as unknown as SessionClient;
}

describe('createSnapshotSource', () => {
  it('returns the same snapshot while nothing changed (no render loop)', () => {
    const source = createSnapshotSource(freshObjectClient(() => base));
    expect(source.getSnapshot()).toBe(source.getSnapshot());
  });

  it('returns a new snapshot when a field changes', () => {
    let state = base;
    const source = createSnapshotSource(freshObjectClient(() => state));
    const first = source.getSnapshot();
    state = { ...base, idleExpiresAt: 3_000 };
    const second = source.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.idleExpiresAt).toBe(3_000);
  });
});

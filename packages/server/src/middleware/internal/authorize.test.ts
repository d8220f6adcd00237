import { describe, expect, it } from 'vitest';
import { freshAuthCheck } from './authorize.ts';
import type { TesseraSession } from './verify-request.ts';

const NOW = Date.UTC(2030, 0, 1);
const clock = { now: () => NOW };
const session = (overrides: Partial<TesseraSession>): TesseraSession => ({
  userId: 'u1',
  sessionId: 's1',
  roles: ['user'],
  aal: 1,
  authTime: NOW - 60_000,
  expiresAt: NOW + 300_000,
  guest: false,
  ...overrides,
});

describe('freshAuthCheck', () => {
  const check = freshAuthCheck(300, { clock });

  it('passes a recent authentication and asks for a step-up once it is too old', () => {
    expect(check(session({}))).toBeNull();
    expect(check(session({ authTime: NOW - 301_000 }))?.body.code).toBe('step_up_required');
  });

  it('refuses a guest (let in by allowGuests) with forbidden, however recent its start', () => {
    const refused = check(session({ userId: 'anon:x', roles: [], guest: true, authTime: NOW }));
    expect(refused?.status).toBe(403);
    expect(refused?.body.code).toBe('forbidden');
  });
});

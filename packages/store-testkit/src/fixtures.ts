import type { RefreshTokenRecord, SessionRecord } from '@tessera/core';

/** A fixed epoch (2023-11-14T22:13:20Z) every scenario counts from. */
export const T0 = 1_700_000_000_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The refresh-token hash fixtures use for a session and generation (not a real SHA-256). */
export function tokenHash(sessionId: string, generation: number): string {
  return `h_${sessionId}_${generation}`;
}

export function tokenFor(
  session: Pick<SessionRecord, 'id'>,
  generation = 1,
  issuedAt = T0,
): RefreshTokenRecord {
  return { hash: tokenHash(session.id, generation), sessionId: session.id, generation, issuedAt };
}

/**
 * A complete, live session created at T0 (15 min idle, 12 h absolute) with every field set to a
 * distinctive value, so a store that drops or mangles a column fails the round trip.
 */
export function sessionFixture(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const id = overrides.id ?? 'sess_1';
  return {
    id,
    userId: 'user_1',
    kind: 'user',
    roles: ['member', 'editor'],
    createdAt: T0,
    lastActiveAt: T0,
    idleExpiresAt: T0 + 15 * MINUTE,
    absoluteExpiresAt: T0 + 12 * HOUR,
    idleTimeoutMs: 15 * MINUTE,
    rememberMe: false,
    authTime: T0 - 1000,
    aal: 2,
    device: {
      type: 'desktop',
      name: 'Firefox on Linux',
      browser: 'Firefox',
      os: 'Linux',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    },
    ip: '203.0.113.7',
    location: 'Berlin, DE',
    revokedAt: null,
    revokedReason: null,
    refreshTokenHash: tokenHash(id, 1),
    refreshGeneration: 1,
    refreshGraceUntil: 0,
    refreshExpiresAt: T0 + 12 * HOUR,
    data: 'sealed:payload',
    dataVersion: 3,
    requestCount: 11,
    bytesSent: 4096,
    version: 1,
    ...overrides,
  };
}

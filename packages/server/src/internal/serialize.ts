import type { SessionRecord, UserRecord } from '@tessera/core';
import type { PublicSession, PublicUser, SessionInfoResponse } from '@tessera/protocol';
import { iso } from './iso-time.ts';

export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, roles: [...user.roles] };
}

/** A session as the API shows it: explicit fields only, so no token or hash can leak. */
export function publicSession(session: SessionRecord, currentId: string | null): PublicSession {
  const { device } = session;
  return {
    id: session.id,
    current: session.id === currentId,
    kind: session.kind,
    createdAt: iso(session.createdAt),
    lastActiveAt: iso(session.lastActiveAt),
    idleExpiresAt: iso(session.idleExpiresAt),
    absoluteExpiresAt: iso(session.absoluteExpiresAt),
    authTime: iso(session.authTime),
    aal: session.aal,
    rememberMe: session.rememberMe,
    device: { type: device.type, name: device.name, browser: device.browser, os: device.os },
    ip: session.ip,
    location: session.location,
  };
}

export function sessionInfo(
  session: SessionRecord,
  accessExpiresAt: number,
  now: number,
): SessionInfoResponse {
  const { device } = session;
  return {
    sessionId: session.id,
    userId: session.userId,
    idleExpiresAt: iso(session.idleExpiresAt),
    absoluteExpiresAt: iso(session.absoluteExpiresAt),
    accessExpiresAt: iso(accessExpiresAt),
    idleTimeoutSeconds: Math.round(session.idleTimeoutMs / 1000),
    serverTime: iso(now),
    aal: session.aal,
    authTime: iso(session.authTime),
    device: { type: device.type, name: device.name, browser: device.browser, os: device.os },
  };
}

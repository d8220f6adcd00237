import type { RefreshTokenRecord, SessionRecord } from '@tessera/core';

/**
 * Sessions are Redis hashes with one field per record field; null is an absent field.
 * Structured fields (roles, device) are JSON strings.
 */
export function sessionToFields(s: SessionRecord): string[] {
  const fields: Record<string, string | number | null> = {
    id: s.id,
    userId: s.userId,
    kind: s.kind,
    roles: JSON.stringify(s.roles),
    createdAt: s.createdAt,
    lastActiveAt: s.lastActiveAt,
    idleExpiresAt: s.idleExpiresAt,
    absoluteExpiresAt: s.absoluteExpiresAt,
    idleTimeoutMs: s.idleTimeoutMs,
    rememberMe: s.rememberMe ? 1 : 0,
    authTime: s.authTime,
    aal: s.aal,
    device: JSON.stringify(s.device),
    ip: s.ip,
    location: s.location,
    revokedAt: s.revokedAt,
    revokedReason: s.revokedReason,
    refreshTokenHash: s.refreshTokenHash,
    refreshGeneration: s.refreshGeneration,
    refreshGraceUntil: s.refreshGraceUntil,
    refreshExpiresAt: s.refreshExpiresAt,
    data: s.data,
    dataVersion: s.dataVersion,
    requestCount: s.requestCount,
    bytesSent: s.bytesSent,
    version: s.version,
  };
  const flat: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value !== null) flat.push(name, String(value));
  }
  return flat;
}

/** A flat HGETALL reply ([field, value, ...]) as a session, or null when empty. */
export function sessionFromReply(reply: unknown): SessionRecord | null {
  if (!Array.isArray(reply) || reply.length === 0) return null;
  const h = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) h.set(String(reply[i]), String(reply[i + 1]));
  return sessionFromMap(h);
}

function sessionFromMap(h: Map<string, string>): SessionRecord {
  const str = (name: string): string => h.get(name) ?? '';
  const num = (name: string): number => Number(h.get(name) ?? 0);
  const opt = (name: string): string | null => h.get(name) ?? null;
  const revokedAt = opt('revokedAt');
  return {
    id: str('id'),
    userId: str('userId'),
    kind: str('kind') === 'anonymous' ? 'anonymous' : 'user',
    roles: JSON.parse(str('roles') || '[]') as string[],
    createdAt: num('createdAt'),
    lastActiveAt: num('lastActiveAt'),
    idleExpiresAt: num('idleExpiresAt'),
    absoluteExpiresAt: num('absoluteExpiresAt'),
    idleTimeoutMs: num('idleTimeoutMs'),
    rememberMe: str('rememberMe') === '1',
    authTime: num('authTime'),
    aal: num('aal') === 2 ? 2 : 1,
    device: JSON.parse(str('device') || 'null') as SessionRecord['device'],
    ip: opt('ip'),
    location: opt('location'),
    revokedAt: revokedAt === null ? null : Number(revokedAt),
    revokedReason: opt('revokedReason') as SessionRecord['revokedReason'],
    refreshTokenHash: str('refreshTokenHash'),
    refreshGeneration: num('refreshGeneration'),
    refreshGraceUntil: num('refreshGraceUntil'),
    refreshExpiresAt: num('refreshExpiresAt'),
    data: opt('data'),
    dataVersion: num('dataVersion'),
    requestCount: num('requestCount'),
    bytesSent: num('bytesSent'),
    version: num('version'),
  };
}

/** Token index value: "sessionId|generation|issuedAt". */
export function tokenValue(t: RefreshTokenRecord): string {
  return `${t.sessionId}|${t.generation}|${t.issuedAt}`;
}

export function tokenFromValue(hash: string, value: string | null): RefreshTokenRecord | null {
  if (value === null) return null;
  const [sessionId, generation, issuedAt] = value.split('|');
  if (!sessionId) return null;
  return { hash, sessionId, generation: Number(generation), issuedAt: Number(issuedAt) };
}

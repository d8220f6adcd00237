import type { RefreshTokenRecord, SessionRecord } from '@tessera/core';
import type { Aal, DeviceType, RevocationReason } from '@tessera/protocol';
import type { RefreshTokensTable, SessionsTable } from './db-types.ts';

export function sessionToRow(s: SessionRecord): SessionsTable {
  return {
    id: s.id,
    user_id: s.userId,
    kind: s.kind,
    roles: [...s.roles],
    created_at: s.createdAt,
    last_active_at: s.lastActiveAt,
    idle_expires_at: s.idleExpiresAt,
    absolute_expires_at: s.absoluteExpiresAt,
    idle_timeout_ms: s.idleTimeoutMs,
    remember_me: s.rememberMe,
    auth_time: s.authTime,
    aal: s.aal,
    device_type: s.device.type,
    device_name: s.device.name,
    device_browser: s.device.browser,
    device_os: s.device.os,
    user_agent: s.device.userAgent,
    ip: s.ip,
    location: s.location,
    revoked_at: s.revokedAt,
    revoked_reason: s.revokedReason,
    refresh_token_hash: s.refreshTokenHash,
    refresh_generation: s.refreshGeneration,
    refresh_grace_until: s.refreshGraceUntil,
    refresh_expires_at: s.refreshExpiresAt,
    data: s.data,
    data_version: s.dataVersion,
    request_count: s.requestCount,
    bytes_sent: s.bytesSent,
    version: s.version,
  };
}

export function rowToSession(r: SessionsTable): SessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind as SessionRecord['kind'],
    roles: r.roles,
    createdAt: r.created_at,
    lastActiveAt: r.last_active_at,
    idleExpiresAt: r.idle_expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    idleTimeoutMs: r.idle_timeout_ms,
    rememberMe: r.remember_me,
    authTime: r.auth_time,
    aal: r.aal as Aal,
    device: {
      type: r.device_type as DeviceType,
      name: r.device_name,
      browser: r.device_browser,
      os: r.device_os,
      userAgent: r.user_agent,
    },
    ip: r.ip,
    location: r.location,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason as RevocationReason | null,
    refreshTokenHash: r.refresh_token_hash,
    refreshGeneration: r.refresh_generation,
    refreshGraceUntil: r.refresh_grace_until,
    refreshExpiresAt: r.refresh_expires_at,
    data: r.data,
    dataVersion: r.data_version,
    requestCount: r.request_count,
    bytesSent: r.bytes_sent,
    version: r.version,
  };
}

export function tokenToRow(t: RefreshTokenRecord): RefreshTokensTable {
  return { hash: t.hash, session_id: t.sessionId, generation: t.generation, issued_at: t.issuedAt };
}

export function rowToToken(r: RefreshTokensTable): RefreshTokenRecord {
  return { hash: r.hash, sessionId: r.session_id, generation: r.generation, issuedAt: r.issued_at };
}

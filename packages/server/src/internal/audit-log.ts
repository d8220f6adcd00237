import type { SessionEngine, SessionEvent, SessionEventType } from '@tessera/core';
import type { Logger } from 'pino';

/** Every engine event type; each becomes one audit line (and one audit-trail row). */
export const AUDIT_EVENT_TYPES: readonly SessionEventType[] = [
  'created',
  'refreshed',
  'rotated',
  'reuse_detected',
  'revoked',
  'expired',
  'evicted',
  'password_changed',
];

/**
 * Logs every engine event as one audit line. Only ids, reasons and the address are written:
 * the session record also holds the refresh-token hash, so it is never logged whole.
 */
export function attachAuditLog(engine: SessionEngine, logger: Logger): () => void {
  const offs = AUDIT_EVENT_TYPES.map((type) =>
    engine.on(type, (event) => logger.info(auditFields(event), `session ${type}`)),
  );
  return () => {
    for (const off of offs) off();
  };
}

/** The audit fields of an event: ids, reasons and the address; never a token or hash. */
export function auditFields(event: SessionEvent): Record<string, unknown> {
  const base = { audit: true, event: event.type, at: new Date(event.at).toISOString() };
  switch (event.type) {
    case 'created':
    case 'refreshed':
    case 'reuse_detected':
    case 'evicted':
      return {
        ...base,
        sessionId: event.session.id,
        userId: event.session.userId,
        ip: event.session.ip,
        ...(event.type === 'refreshed' ? { grace: event.grace } : {}),
      };
    case 'revoked':
      return {
        ...base,
        sessionId: event.session.id,
        userId: event.session.userId,
        reason: event.reason,
        ip: event.session.ip,
      };
    case 'rotated':
      return { ...base, sessionId: event.sessionId, generation: event.generation };
    case 'expired':
      return { ...base, sessionId: event.sessionId, userId: event.userId, kind: event.kind };
    case 'password_changed':
      return { ...base, userId: event.userId, revoked: event.revoked };
  }
}

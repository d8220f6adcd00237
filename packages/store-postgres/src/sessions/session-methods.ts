import type { SessionStore } from '@tessera/core';
import type { StoreContext } from '../internal/context.ts';
import { guard } from '../internal/unavailable.ts';
import { createPacer, deleteExpired } from './delete-expired.ts';
import { revokeForUser, revokeSession } from './revoke-sessions.ts';
import { rotateSession } from './rotate-session.ts';
import {
  countLive,
  findRefreshToken,
  getSession,
  listForUser,
  listRevokedSince,
} from './session-reads.ts';
import { createSession, updateData } from './session-writes.ts';
import { touchSessions } from './touch-sessions.ts';

/** SessionStore's domain verbs (all but ping and close), each guarded against outages. */
export function createSessionMethods(ctx: StoreContext): Omit<SessionStore, 'ping' | 'close'> {
  const pacer = createPacer(ctx.options.cleanupPauseMs);
  return {
    create: (session, token) => guard('sessions.create', () => createSession(ctx, session, token)),
    get: (id) => guard('sessions.get', () => getSession(ctx, id)),
    findRefreshToken: (sessionId, hash) =>
      guard('sessions.findRefreshToken', () => findRefreshToken(ctx, sessionId, hash)),
    rotate: (input) => guard('sessions.rotate', () => rotateSession(ctx, input)),
    touch: (inputs) => guard('sessions.touch', () => touchSessions(ctx, inputs)),
    revoke: (input) => guard('sessions.revoke', () => revokeSession(ctx, input)),
    revokeForUser: (input) => guard('sessions.revokeForUser', () => revokeForUser(ctx, input)),
    listForUser: (userId, now) =>
      guard('sessions.listForUser', () => listForUser(ctx, userId, now)),
    countLive: (now) => guard('sessions.countLive', () => countLive(ctx, now)),
    listRevokedSince: (since, now) =>
      guard('sessions.listRevokedSince', () => listRevokedSince(ctx, since, now)),
    updateData: (input) => guard('sessions.updateData', () => updateData(ctx, input)),
    deleteExpired: (before, batchSize) =>
      guard('sessions.deleteExpired', () => deleteExpired(ctx, pacer, before, batchSize)),
  };
}

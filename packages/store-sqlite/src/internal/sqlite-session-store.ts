import type {
  DataUpdateInput,
  RefreshTokenRecord,
  RevokedSession,
  RevokeForUserInput,
  RevokeInput,
  RotateInput,
  SessionRecord,
  TouchInput,
} from '@tessera/core';
import type { RevocationReason } from '@tessera/protocol';
import { guard, rethrowDuplicate } from './errors.ts';
import { rowToSession, rowToToken, sessionToRow } from './session-rows.ts';
import type { SessionStatements } from './session-statements.ts';
import type { WriteQueue } from './write-queue.ts';

/**
 * The SessionStore verbs over prepared statements. Reads run at once; writes go through the
 * group-commit queue and resolve after their transaction committed.
 */
export function createSessionMethods(q: SessionStatements, queue: WriteQueue) {
  return {
    create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void> {
      const row = sessionToRow(session);
      const token = tokenRow(firstToken);
      return queue.enqueue(() => {
        try {
          q.insertSession.run(row);
          q.insertToken.run(token);
        } catch (error) {
          rethrowDuplicate(error, 'Session id or refresh token hash');
        }
      });
    },

    async get(sessionId: string): Promise<SessionRecord | null> {
      const row = guard(() => q.getSession.get(sessionId));
      return row === undefined ? null : rowToSession(row);
    },

    async findRefreshToken(sessionId: string, hash: string): Promise<RefreshTokenRecord | null> {
      const row = guard(() => q.findToken.get(sessionId, hash));
      return row === undefined ? null : rowToToken(row);
    },

    rotate(input: RotateInput): Promise<SessionRecord | null> {
      const params = {
        id: input.sessionId,
        expectedVersion: input.expectedVersion,
        hash: input.newToken.hash,
        generation: input.newToken.generation,
        graceUntil: input.refreshGraceUntil,
        expiresAt: input.refreshExpiresAt,
        lastActiveAt: input.lastActiveAt ?? null,
        idleExpiresAt: input.idleExpiresAt ?? null,
      };
      const token = tokenRow(input.newToken);
      return queue.enqueue(() => {
        const row = q.rotate.get(params);
        if (row === undefined) return null;
        // Same savepoint as the UPDATE: a failing insert undoes the rotation too.
        try {
          q.insertToken.run(token);
        } catch (error) {
          rethrowDuplicate(error, 'Refresh token hash');
        }
        return rowToSession(row);
      });
    },

    touch(inputs: readonly TouchInput[]): Promise<void> {
      if (inputs.length === 0) return Promise.resolve();
      const params = inputs.map((t) => ({
        id: t.sessionId,
        at: t.lastActiveAt,
        requests: t.requestCount,
        bytes: t.bytesSent,
      }));
      return queue.enqueue(() => {
        for (const p of params) q.touch.run(p);
      });
    },

    revoke(input: RevokeInput): Promise<SessionRecord | null> {
      const params = { id: input.sessionId, at: input.at, reason: input.reason };
      return queue.enqueue(() => {
        const row = q.revoke.get(params);
        return row === undefined ? null : rowToSession(row);
      });
    },

    revokeForUser(input: RevokeForUserInput): Promise<SessionRecord[]> {
      const params = {
        userId: input.userId,
        now: input.at,
        reason: input.reason,
        exceptId: input.exceptSessionId ?? null,
      };
      return queue.enqueue(() => q.revokeForUser.all(params).map(rowToSession));
    },

    async listForUser(userId: string, now: number): Promise<SessionRecord[]> {
      return guard(() => q.listForUser.all({ userId, now })).map(rowToSession);
    },

    async listRevokedSince(since: number, now: number): Promise<RevokedSession[]> {
      const rows = guard(() => q.listRevokedSince.all({ since, now }));
      return rows.map((r) => ({
        sessionId: r.id,
        reason: r.revoked_reason as RevocationReason,
        revokedAt: r.revoked_at,
        absoluteExpiresAt: r.absolute_expires_at,
      }));
    },

    updateData(input: DataUpdateInput): Promise<number | null> {
      const params = { id: input.sessionId, expected: input.expectedDataVersion, data: input.data };
      return queue.enqueue(() => q.updateData.get(params)?.data_version ?? null);
    },

    deleteExpired(before: number, batchSize: number): Promise<number> {
      const limit = Math.max(0, Math.floor(batchSize));
      return queue.enqueue(() => q.deleteExpired.run({ before, limit }).changes);
    },

    async ping(): Promise<void> {
      guard(() => q.ping.get());
    },
  };
}

function tokenRow(t: RefreshTokenRecord) {
  return { hash: t.hash, session_id: t.sessionId, generation: t.generation, issued_at: t.issuedAt };
}

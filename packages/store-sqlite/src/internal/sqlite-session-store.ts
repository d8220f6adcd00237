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
import type { OpRunner } from './op-runner.ts';
import type { RefreshTokensTable, SessionsTable } from './schema.ts';
import { rowToSession, rowToToken, sessionToRow } from './session-rows.ts';
import type { FreshFields, RevokedRow } from './session-statements.ts';

/**
 * The SessionStore verbs as store ops. Reads resolve with the rows of their snapshot; writes
 * resolve after the transaction that holds them committed.
 */
export function createSessionMethods(runner: OpRunner) {
  const session = async (pending: Promise<unknown>) => {
    const row = (await pending) as SessionsTable | null;
    return row === null ? null : rowToSession(row);
  };
  return {
    async create(record: SessionRecord, firstToken: RefreshTokenRecord): Promise<void> {
      await runner.run({
        op: 'create',
        session: sessionToRow(record),
        token: tokenRow(firstToken),
      });
    },

    get(sessionId: string): Promise<SessionRecord | null> {
      return session(runner.run({ op: 'getSession', id: sessionId }));
    },

    async findRefreshToken(sessionId: string, hash: string): Promise<RefreshTokenRecord | null> {
      const row = (await runner.run({
        op: 'findToken',
        sessionId,
        hash,
      })) as RefreshTokensTable | null;
      return row === null ? null : rowToToken(row);
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
        authTime: input.authTime ?? null,
        aal: input.aal ?? null,
      };
      const token = tokenRow(input.newToken);
      const { basis } = input;
      if (basis?.id !== input.sessionId || basis.version !== input.expectedVersion) {
        return session(runner.run({ op: 'rotate', params, token }));
      }
      // Only what changes without a version bump is read back (see rotatedFromBasis).
      const pending = runner.run({ op: 'rotateFromBasis', params, token });
      return pending.then((fresh) =>
        fresh === null ? null : rotatedFromBasis(basis, input, fresh as FreshFields),
      );
    },

    async touch(inputs: readonly TouchInput[]): Promise<void> {
      if (inputs.length === 0) return;
      const params = inputs.map((t) => ({
        id: t.sessionId,
        at: t.lastActiveAt,
        requests: t.requestCount,
        bytes: t.bytesSent,
      }));
      await runner.run({ op: 'touch', params });
    },

    revoke(input: RevokeInput): Promise<SessionRecord | null> {
      const params = { id: input.sessionId, at: input.at, reason: input.reason };
      return session(runner.run({ op: 'revoke', params }));
    },

    async revokeForUser(input: RevokeForUserInput): Promise<SessionRecord[]> {
      const params = {
        userId: input.userId,
        now: input.at,
        reason: input.reason,
        exceptId: input.exceptSessionId ?? null,
      };
      const rows = (await runner.run({ op: 'revokeForUser', params })) as SessionsTable[];
      return rows.map(rowToSession);
    },

    async listForUser(userId: string, now: number): Promise<SessionRecord[]> {
      const rows = (await runner.run({ op: 'listForUser', userId, now })) as SessionsTable[];
      return rows.map(rowToSession);
    },

    async listRevokedSince(since: number, now: number): Promise<RevokedSession[]> {
      const rows = (await runner.run({ op: 'listRevokedSince', since, now })) as RevokedRow[];
      return rows.map((r) => ({
        sessionId: r.id,
        reason: r.revoked_reason as RevocationReason,
        revokedAt: r.revoked_at,
        absoluteExpiresAt: r.absolute_expires_at,
      }));
    },

    async updateData(input: DataUpdateInput): Promise<number | null> {
      const params = { id: input.sessionId, expected: input.expectedDataVersion, data: input.data };
      return (await runner.run({ op: 'updateData', params })) as number | null;
    },

    async deleteExpired(before: number, batchSize: number): Promise<number> {
      const limit = Math.max(0, Math.floor(batchSize));
      return (await runner.run({ op: 'deleteExpired', before, limit })) as number;
    },

    async ping(): Promise<void> {
      await runner.run({ op: 'ping' });
    },
  };
}

/**
 * The record a rotation from `basis` left: the compare-and-set on the version proves every
 * versioned field is still the basis's; what changes without a version bump comes from `fresh`.
 */
function rotatedFromBasis(
  basis: SessionRecord,
  input: RotateInput,
  fresh: FreshFields,
): SessionRecord {
  return {
    ...basis,
    refreshTokenHash: input.newToken.hash,
    refreshGeneration: input.newToken.generation,
    refreshGraceUntil: input.refreshGraceUntil,
    refreshExpiresAt: input.refreshExpiresAt,
    lastActiveAt: fresh.last_active_at,
    idleExpiresAt: fresh.idle_expires_at,
    authTime: input.authTime ?? basis.authTime,
    aal: input.aal ?? basis.aal,
    requestCount: fresh.request_count,
    bytesSent: fresh.bytes_sent,
    data: fresh.data,
    dataVersion: fresh.data_version,
    version: basis.version + 1,
  };
}

function tokenRow(t: RefreshTokenRecord): RefreshTokensTable {
  return { hash: t.hash, session_id: t.sessionId, generation: t.generation, issued_at: t.issuedAt };
}

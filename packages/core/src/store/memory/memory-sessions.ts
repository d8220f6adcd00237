import { InvalidInputError } from '../../errors.ts';
import type { RefreshTokenRecord, SessionRecord } from '../session-record.ts';
import type {
  DataUpdateInput,
  RevokedSession,
  RevokeForUserInput,
  RevokeInput,
  RotateInput,
  SessionStore,
  TouchInput,
} from '../session-store.ts';

type MemorySessionStore = Omit<SessionStore, 'close' | 'ping'>;

/** Sessions and the refresh-token index in Maps; every answer is a copy. */
export function createMemorySessions(): MemorySessionStore {
  const sessions = new Map<string, SessionRecord>();
  const tokens = new Map<string, RefreshTokenRecord>();

  function revokeRecord(session: SessionRecord, reason: RevokeInput['reason'], at: number): void {
    session.revokedAt = at;
    session.revokedReason = reason;
    session.version += 1;
  }

  return {
    async create(session, firstToken) {
      if (sessions.has(session.id)) {
        throw new InvalidInputError('invalid_request', 'Session id already exists');
      }
      if (tokens.has(firstToken.hash)) {
        throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
      }
      sessions.set(session.id, structuredClone(session));
      tokens.set(firstToken.hash, structuredClone(firstToken));
    },

    async get(sessionId) {
      const session = sessions.get(sessionId);
      return session ? structuredClone(session) : null;
    },

    async findRefreshToken(sessionId, hash) {
      const token = tokens.get(hash);
      if (!token || token.sessionId !== sessionId || !sessions.has(sessionId)) return null;
      return structuredClone(token);
    },

    async rotate(input: RotateInput) {
      const session = sessions.get(input.sessionId);
      if (!session || session.version !== input.expectedVersion || session.revokedAt !== null) {
        return null;
      }
      if (tokens.has(input.newToken.hash)) {
        throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
      }
      tokens.set(input.newToken.hash, structuredClone(input.newToken));
      session.refreshTokenHash = input.newToken.hash;
      session.refreshGeneration = input.newToken.generation;
      session.refreshGraceUntil = input.refreshGraceUntil;
      session.refreshExpiresAt = input.refreshExpiresAt;
      if (input.lastActiveAt !== undefined) session.lastActiveAt = input.lastActiveAt;
      if (input.idleExpiresAt !== undefined) session.idleExpiresAt = input.idleExpiresAt;
      if (input.authTime !== undefined) session.authTime = input.authTime;
      if (input.aal !== undefined) session.aal = input.aal;
      session.version += 1;
      return structuredClone(session);
    },

    async touch(inputs: readonly TouchInput[]) {
      for (const input of inputs) {
        const session = sessions.get(input.sessionId);
        // Activity never revives an ended session.
        if (!session || session.revokedAt !== null) continue;
        if (session.idleExpiresAt <= input.lastActiveAt) continue;
        if (session.absoluteExpiresAt <= input.lastActiveAt) continue;
        session.lastActiveAt = Math.max(session.lastActiveAt, input.lastActiveAt);
        session.idleExpiresAt = Math.min(
          session.absoluteExpiresAt,
          Math.max(session.idleExpiresAt, input.lastActiveAt + session.idleTimeoutMs),
        );
        session.requestCount += input.requestCount;
        session.bytesSent += input.bytesSent;
      }
    },

    async revoke(input: RevokeInput) {
      const session = sessions.get(input.sessionId);
      if (!session || session.revokedAt !== null) return null;
      revokeRecord(session, input.reason, input.at);
      return structuredClone(session);
    },

    async revokeForUser(input: RevokeForUserInput) {
      const ended: SessionRecord[] = [];
      for (const session of sessions.values()) {
        if (session.userId !== input.userId || session.id === input.exceptSessionId) continue;
        // Idle-expired sessions are revoked too: activity buffered elsewhere may still slide them.
        if (session.revokedAt !== null || session.absoluteExpiresAt <= input.at) continue;
        revokeRecord(session, input.reason, input.at);
        ended.push(structuredClone(session));
      }
      return ended;
    },

    async listForUser(userId, now) {
      return [...sessions.values()]
        .filter(
          (s) =>
            s.userId === userId &&
            s.revokedAt === null &&
            s.idleExpiresAt > now &&
            s.absoluteExpiresAt > now,
        )
        .sort((a, b) => b.lastActiveAt - a.lastActiveAt)
        .map((s) => structuredClone(s));
    },

    async countLive(now) {
      let live = 0;
      for (const s of sessions.values()) {
        if (s.revokedAt === null && s.idleExpiresAt > now && s.absoluteExpiresAt > now) live++;
      }
      return live;
    },

    async listRevokedSince(since, now) {
      const revoked: RevokedSession[] = [];
      for (const s of sessions.values()) {
        if (s.revokedAt === null || s.revokedReason === null) continue;
        if (s.revokedAt < since || s.absoluteExpiresAt <= now) continue;
        revoked.push({
          sessionId: s.id,
          reason: s.revokedReason,
          revokedAt: s.revokedAt,
          absoluteExpiresAt: s.absoluteExpiresAt,
        });
      }
      return revoked.sort((a, b) => a.revokedAt - b.revokedAt);
    },

    async updateData(input: DataUpdateInput) {
      const session = sessions.get(input.sessionId);
      if (!session || session.revokedAt !== null) return null;
      if (session.dataVersion !== input.expectedDataVersion) return null;
      session.data = input.data;
      session.dataVersion += 1;
      return session.dataVersion;
    },

    async deleteExpired(before, batchSize) {
      let deleted = 0;
      for (const session of [...sessions.values()]) {
        if (deleted >= batchSize) break;
        const ended =
          (session.revokedAt !== null && session.revokedAt < before) ||
          session.absoluteExpiresAt < before ||
          session.idleExpiresAt < before ||
          session.refreshExpiresAt < before;
        if (!ended) continue;
        sessions.delete(session.id);
        deleted += 1;
      }
      for (const [hash, token] of tokens) {
        if (!sessions.has(token.sessionId)) tokens.delete(hash);
      }
      return deleted;
    },
  };
}

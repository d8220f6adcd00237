import type Database from 'better-sqlite3';
import { rethrowDuplicate } from './errors.ts';
import type { RefreshTokensTable, SessionsTable, UsersTable } from './schema.ts';
import {
  type DataParams,
  prepareSessionStatements,
  type RevokeForUserParams,
  type RevokeParams,
  type RotateParams,
  type SessionStatements,
  type TouchParams,
} from './session-statements.ts';

/**
 * Everything the hot paths ask of the database, as plain data: the same op runs on the main
 * thread (in-memory databases, measurements) or in the writer thread (files), which receives
 * it by postMessage. Results are raw rows; the caller maps them to records.
 */
export type ReadOp =
  | { op: 'getSession'; id: string }
  | { op: 'findToken'; sessionId: string; hash: string }
  | { op: 'listForUser'; userId: string; now: number }
  | { op: 'listRevokedSince'; since: number; now: number }
  | { op: 'findUserById'; id: string }
  | { op: 'findUserByEmail'; email: string }
  | { op: 'ping' };

export type WriteOp =
  | { op: 'create'; session: SessionsTable; token: RefreshTokensTable }
  | { op: 'rotate'; params: RotateParams; token: RefreshTokensTable }
  | { op: 'rotateFromBasis'; params: RotateParams; token: RefreshTokensTable }
  | { op: 'touch'; params: TouchParams[] }
  | { op: 'revoke'; params: RevokeParams }
  | { op: 'revokeForUser'; params: RevokeForUserParams }
  | { op: 'updateData'; params: DataParams }
  | { op: 'deleteExpired'; before: number; limit: number };

export type StoreOp = ReadOp | WriteOp;

const READS: ReadonlySet<StoreOp['op']> = new Set([
  'getSession',
  'findToken',
  'listForUser',
  'listRevokedSince',
  'findUserById',
  'findUserByEmail',
  'ping',
]);

export function isRead(op: StoreOp): op is ReadOp {
  return READS.has(op.op);
}

/** Prepared statements of every op; prepared on first use (the tables exist after migrate()). */
export interface OpStatements extends SessionStatements {
  userById: Database.Statement<[string], UsersTable>;
  userByEmail: Database.Statement<[string], UsersTable>;
}

export function prepareOpStatements(db: Database.Database): OpStatements {
  return {
    ...prepareSessionStatements(db),
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
  };
}

/** Runs one op synchronously; a write must run inside the caller's transaction. */
export function executeOp(q: OpStatements, op: StoreOp): unknown {
  switch (op.op) {
    case 'getSession':
      return q.getSession.get(op.id) ?? null;
    case 'findToken':
      return q.findToken.get(op.sessionId, op.hash) ?? null;
    case 'listForUser':
      return q.listForUser.all({ userId: op.userId, now: op.now });
    case 'listRevokedSince':
      return q.listRevokedSince.all({ since: op.since, now: op.now });
    case 'findUserById':
      return q.userById.get(op.id) ?? null;
    case 'findUserByEmail':
      return q.userByEmail.get(op.email) ?? null;
    case 'ping':
      return q.ping.get() ?? null;
    case 'create':
      try {
        q.insertSession.run(op.session);
        q.insertToken.run(op.token);
      } catch (error) {
        rethrowDuplicate(error, 'Session id or refresh token hash');
      }
      return null;
    case 'rotate':
      return insertRotatedToken(q, q.rotate.get(op.params), op.token);
    case 'rotateFromBasis':
      return insertRotatedToken(q, q.rotateFromBasis.get(op.params), op.token);
    case 'touch':
      for (const p of op.params) q.touch.run(p);
      return null;
    case 'revoke':
      return q.revoke.get(op.params) ?? null;
    case 'revokeForUser':
      return q.revokeForUser.all(op.params);
    case 'updateData':
      return q.updateData.get(op.params)?.data_version ?? null;
    case 'deleteExpired':
      return q.deleteExpired.run({ before: op.before, limit: op.limit }).changes;
  }
}

/** The second half of a rotation: the new token, if the compare-and-set won. */
function insertRotatedToken<T>(q: OpStatements, won: T | undefined, token: RefreshTokensTable) {
  if (won === undefined) return null;
  // Same savepoint as the UPDATE: a failing insert undoes the rotation too.
  try {
    q.insertToken.run(token);
  } catch (error) {
    rethrowDuplicate(error, 'Refresh token hash');
  }
  return won;
}

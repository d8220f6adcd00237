import { UserExistsError, type UserRecord, type UserStore } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import { guardAsync, sqliteCode, toStoreError } from './errors.ts';
import type { OpRunner } from './op-runner.ts';
import type { TesseraDatabase, UsersTable } from './schema.ts';

// Users change rarely (sign-up, admin, password change): Kysely's per-call overhead is
// irrelevant there, so those queries stay typed and readable, on the main connection. The two
// lookups run on hot paths (findById on every refresh and /me, findByEmail on every login) and
// are store ops on prepared statements, run where the session ops run.

export function createUserMethods(db: Kysely<TesseraDatabase>, runner: OpRunner): UserStore {
  return {
    async findByEmail(email) {
      const row = await runner.run({ op: 'findUserByEmail', email: normaliseEmail(email) });
      return row === null ? null : rowToUser(row as UsersTable);
    },
    async findById(id) {
      const row = await runner.run({ op: 'findUserById', id });
      return row === null ? null : rowToUser(row as UsersTable);
    },
    async create(user) {
      try {
        await db.insertInto('users').values(userToRow(user)).execute();
      } catch (error) {
        if (isEmailConflict(error)) throw new UserExistsError();
        throw toStoreError(error);
      }
    },
    async list() {
      const rows = await guardAsync(() =>
        db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute(),
      );
      return rows.map(rowToUser);
    },
    async setPassword(userId, passwordHash, at) {
      await guardAsync(() =>
        db
          .updateTable('users')
          .set({ password_hash: passwordHash, password_changed_at: at })
          .where('id', '=', userId)
          .execute(),
      );
    },
    async setDisabled(userId, disabled) {
      await guardAsync(() =>
        db
          .updateTable('users')
          .set({ disabled: disabled ? 1 : 0 })
          .where('id', '=', userId)
          .execute(),
      );
    },
    async setRoles(userId, roles) {
      await guardAsync(() =>
        db
          .updateTable('users')
          .set({ roles: JSON.stringify(roles) })
          .where('id', '=', userId)
          .execute(),
      );
    },
  };
}

/** Lower case in JS: SQLite's lower() only folds ASCII. */
function normaliseEmail(email: string): string {
  return email.toLowerCase();
}

/** The email (UNIQUE) or the id (PRIMARY KEY) is taken; both mean "this user exists". */
function isEmailConflict(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function userToRow(u: UserRecord): UsersTable {
  return {
    id: u.id,
    email: normaliseEmail(u.email),
    password_hash: u.passwordHash,
    roles: JSON.stringify(u.roles),
    disabled: u.disabled ? 1 : 0,
    created_at: u.createdAt,
    password_changed_at: u.passwordChangedAt,
  };
}

function rowToUser(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    roles: JSON.parse(r.roles) as string[],
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
  };
}

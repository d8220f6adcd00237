import { UserExistsError, type UserRecord, type UserStore } from '@tessera/core';
import type { StoreContext } from '../internal/context.ts';
import type { UsersTable } from '../internal/db-types.ts';
import { guard, uniqueViolation } from '../internal/unavailable.ts';

function rowToUser(r: UsersTable): UserRecord {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    roles: r.roles,
    disabled: r.disabled,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
  };
}

/** UserStore over the users table. Emails are stored lower-cased; users_email_key keeps them unique. */
export function createUserMethods(ctx: StoreContext): UserStore {
  const { db } = ctx;
  const users = () => db.selectFrom('users').selectAll();
  return {
    findByEmail: (email) =>
      guard('users.findByEmail', async () => {
        const row = await users().where('email', '=', email.toLowerCase()).executeTakeFirst();
        return row ? rowToUser(row) : null;
      }),
    findById: (id) =>
      guard('users.findById', async () => {
        const row = await users().where('id', '=', id).executeTakeFirst();
        return row ? rowToUser(row) : null;
      }),
    create: (user) =>
      guard('users.create', async () => {
        const values: UsersTable = {
          id: user.id,
          email: user.email.toLowerCase(),
          password_hash: user.passwordHash,
          roles: [...user.roles],
          disabled: user.disabled,
          created_at: user.createdAt,
          password_changed_at: user.passwordChangedAt,
        };
        await db
          .insertInto('users')
          .values(values)
          .execute()
          .catch((error: unknown) => {
            // A taken email (users_email_key) or id (users_pkey), as in the reference store.
            if (uniqueViolation(error) !== undefined) throw new UserExistsError();
            throw error;
          });
      }),
    list: () =>
      guard('users.list', async () =>
        (await users().orderBy('created_at').orderBy('id').execute()).map(rowToUser),
      ),
    setPassword: (userId, passwordHash, at) =>
      guard('users.setPassword', async () => {
        await db
          .updateTable('users')
          .set({ password_hash: passwordHash, password_changed_at: at })
          .where('id', '=', userId)
          .execute();
      }),
    setDisabled: (userId, disabled) =>
      guard('users.setDisabled', async () => {
        await db.updateTable('users').set({ disabled }).where('id', '=', userId).execute();
      }),
    setRoles: (userId, roles) =>
      guard('users.setRoles', async () => {
        await db
          .updateTable('users')
          .set({ roles: [...roles] })
          .where('id', '=', userId)
          .execute();
      }),
  };
}

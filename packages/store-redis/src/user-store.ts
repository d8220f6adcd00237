import type { UserRecord, UserStore } from '@tessera/core';
import { UserExistsError } from '@tessera/core';
import type { StoreContext } from './internal/context.ts';

function toFields(user: UserRecord): (string | number)[] {
  return [
    'id',
    user.id,
    'email',
    user.email.toLowerCase(),
    'passwordHash',
    user.passwordHash,
    'roles',
    JSON.stringify(user.roles),
    'disabled',
    user.disabled ? 1 : 0,
    'createdAt',
    user.createdAt,
    'passwordChangedAt',
    user.passwordChangedAt,
  ];
}

function fromHash(h: Record<string, string>): UserRecord | null {
  if (h.id === undefined) return null;
  return {
    id: h.id,
    email: h.email ?? '',
    passwordHash: h.passwordHash ?? '',
    roles: JSON.parse(h.roles ?? '[]') as string[],
    disabled: h.disabled === '1',
    createdAt: Number(h.createdAt),
    passwordChangedAt: Number(h.passwordChangedAt),
  };
}

/** Users as hashes under `{users}`, with a lower-cased email → id hash that keeps emails unique. */
export function createRedisUserStore(ctx: StoreContext): UserStore {
  const { keys } = ctx;
  const byId = async (id: string): Promise<UserRecord | null> =>
    fromHash(await ctx.run((c) => c.hgetall(keys.user(id))));
  const update = async (id: string, fields: (string | number)[]): Promise<void> => {
    await ctx.script('tesseraUpdateUser', [keys.user(id)], fields);
  };
  return {
    async findByEmail(email) {
      const id = await ctx.run((c) => c.hget(keys.userEmails(), email.toLowerCase()));
      return id === null ? null : byId(id);
    },
    findById: byId,
    async create(user) {
      const created = await ctx.script(
        'tesseraCreateUser',
        [keys.userEmails(), keys.user(user.id)],
        [user.email.toLowerCase(), user.id, ...toFields(user)],
      );
      if (created !== 1) throw new UserExistsError();
    },
    async list() {
      const ids = await ctx.run((c) => c.hvals(keys.userEmails()));
      const users = await Promise.all(ids.map(byId));
      return users
        .filter((u): u is UserRecord => u !== null)
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async setPassword(userId, passwordHash, at) {
      await update(userId, ['passwordHash', passwordHash, 'passwordChangedAt', at]);
    },
    async setDisabled(userId, disabled) {
      await update(userId, ['disabled', disabled ? 1 : 0]);
    },
    async setRoles(userId, roles) {
      await update(userId, ['roles', JSON.stringify(roles)]);
    },
  };
}

import { UserExistsError } from '../../errors.ts';
import type { UserRecord, UserStore } from '../user-store.ts';

/** Users in a Map; emails are stored lower-cased and unique. */
export function createMemoryUsers(): UserStore {
  const users = new Map<string, UserRecord>();

  function update(userId: string, change: (user: UserRecord) => void): void {
    const user = users.get(userId);
    if (user) change(user);
  }

  return {
    async findByEmail(email) {
      const wanted = email.toLowerCase();
      for (const user of users.values()) {
        if (user.email === wanted) return structuredClone(user);
      }
      return null;
    },
    async findById(id) {
      const user = users.get(id);
      return user ? structuredClone(user) : null;
    },
    async create(user) {
      const email = user.email.toLowerCase();
      for (const existing of users.values()) {
        if (existing.email === email) throw new UserExistsError();
      }
      if (users.has(user.id)) throw new UserExistsError();
      users.set(user.id, { ...structuredClone(user), email });
    },
    async list() {
      return [...users.values()]
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((u) => structuredClone(u));
    },
    async setPassword(userId, passwordHash, at) {
      update(userId, (u) => {
        u.passwordHash = passwordHash;
        u.passwordChangedAt = at;
      });
    },
    async setDisabled(userId, disabled) {
      update(userId, (u) => {
        u.disabled = disabled;
      });
    },
    async setRoles(userId, roles) {
      update(userId, (u) => {
        u.roles = [...roles];
      });
    },
  };
}

import type { UserRecord, UserStore } from '@tessera/core';
import { describe, expect } from 'vitest';
import { T0 } from './fixtures.ts';
import {
  type ConformanceOptions,
  checker,
  type StoreFactory,
  useStore,
} from './internal/harness.ts';

const user = (overrides: Partial<UserRecord> = {}): UserRecord => ({
  id: 'user_1',
  email: 'alice@example.com',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  roles: ['member'],
  disabled: false,
  createdAt: T0,
  passwordChangedAt: T0,
  ...overrides,
});

/** Registers the UserStore checks (Vitest `describe`/`it`) for a store factory. */
export function runUserStoreConformance(
  name: string,
  factory: StoreFactory<UserStore>,
  options?: ConformanceOptions,
): void {
  describe(`${name}: UserStore conformance`, () => {
    const store = useStore(factory);
    const check = checker(options);

    check('create then findById returns every field', async () => {
      const u = user({ roles: ['admin', 'member'], disabled: true, passwordChangedAt: T0 + 5 });
      await store().create(u);
      expect(await store().findById(u.id)).toEqual(u);
      expect(await store().findById('user_missing')).toBeNull();
    });

    check('emails are stored lower case and found case-insensitively', async () => {
      await store().create(user({ email: 'Alice@Example.COM' }));
      const found = await store().findByEmail('ALICE@example.com');
      expect(found).toMatchObject({ id: 'user_1', email: 'alice@example.com' });
      expect(await store().findByEmail('bob@example.com')).toBeNull();
    });

    check('a taken email (any case) throws UserExistsError', async () => {
      await store().create(user());
      await expect(
        store().create(user({ id: 'user_2', email: 'ALICE@example.com' })),
      ).rejects.toMatchObject({ code: 'user_exists' });
      expect((await store().list()).map((u) => u.id)).toEqual(['user_1']);
    });

    check('list returns every user, oldest first', async () => {
      await store().create(user({ id: 'user_b', email: 'b@example.com', createdAt: T0 + 2 }));
      await store().create(user({ id: 'user_a', email: 'a@example.com', createdAt: T0 + 1 }));
      expect((await store().list()).map((u) => u.id)).toEqual(['user_a', 'user_b']);
    });

    check('setPassword, setDisabled and setRoles change only their fields', async () => {
      const u = user();
      await store().create(u);
      await store().setPassword(u.id, '$argon2id$new', T0 + 99);
      await store().setDisabled(u.id, true);
      await store().setRoles(u.id, ['admin']);
      expect(await store().findById(u.id)).toEqual({
        ...u,
        passwordHash: '$argon2id$new',
        passwordChangedAt: T0 + 99,
        disabled: true,
        roles: ['admin'],
      });
      await store().setDisabled(u.id, false);
      expect(await store().findByEmail(u.email)).toMatchObject({ disabled: false });
    });
  });
}

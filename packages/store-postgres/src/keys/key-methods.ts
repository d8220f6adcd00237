import type { KeyStore, SigningKeyRecord } from '@tessera/core';
import type { StoreContext } from '../internal/context.ts';
import type { SigningKeysTable } from '../internal/db-types.ts';
import { guard, uniqueViolation } from '../internal/unavailable.ts';

function rowToKey(r: SigningKeysTable): SigningKeyRecord {
  return {
    kid: r.kid,
    alg: r.alg as SigningKeyRecord['alg'],
    privateJwk: r.private_jwk,
    publicJwk: r.public_jwk,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  };
}

/** KeyStore over signing_keys: every instance signs and verifies with the same ring. */
export function createKeyMethods(ctx: StoreContext): KeyStore {
  const { db } = ctx;
  return {
    listKeys: () =>
      guard('keys.list', async () => {
        const rows = await db
          .selectFrom('signing_keys')
          .selectAll()
          .orderBy('created_at')
          .orderBy('kid')
          .execute();
        return rows.map(rowToKey);
      }),
    addKey: (key) =>
      guard('keys.add', async () => {
        await db
          .insertInto('signing_keys')
          .values({
            kid: key.kid,
            alg: key.alg,
            private_jwk: key.privateJwk,
            public_jwk: key.publicJwk,
            created_at: key.createdAt,
            retired_at: key.retiredAt,
          })
          .execute()
          .catch((error: unknown) => {
            // Same answer as the reference store: a duplicate kid is a programming error.
            if (uniqueViolation(error) !== undefined) throw new TypeError('Duplicate kid');
            throw error;
          });
      }),
    retireKeys: (exceptKid, at) =>
      guard('keys.retire', async () => {
        await db
          .updateTable('signing_keys')
          .set({ retired_at: at })
          .where('kid', '<>', exceptKid)
          .where('retired_at', 'is', null)
          .execute();
      }),
    deleteRetired: (before) =>
      guard('keys.deleteRetired', async () => {
        const result = await db
          .deleteFrom('signing_keys')
          .where('retired_at', 'is not', null)
          .where('retired_at', '<', before)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}

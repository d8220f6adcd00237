import type { KeyStore, SigningKeyRecord } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import { guardAsync } from './errors.ts';
import type { SigningKeysTable, TesseraDatabase } from './schema.ts';

// Key-ring changes happen at start-up and on rotation: Kysely, not the hot path.

export function createKeyMethods(db: Kysely<TesseraDatabase>): KeyStore {
  return {
    async listKeys() {
      const rows = await guardAsync(() =>
        db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute(),
      );
      return rows.map(rowToKey);
    },
    async addKey(key) {
      await guardAsync(() =>
        db
          .insertInto('signing_keys')
          .values({
            kid: key.kid,
            alg: key.alg,
            private_jwk: key.privateJwk,
            public_jwk: key.publicJwk,
            created_at: key.createdAt,
            retired_at: key.retiredAt,
          })
          .execute(),
      );
    },
    async retireKeys(exceptKid, at) {
      await guardAsync(() =>
        db
          .updateTable('signing_keys')
          .set({ retired_at: at })
          .where('kid', '!=', exceptKid)
          .where('retired_at', 'is', null)
          .execute(),
      );
    },
    async deleteRetired(before) {
      const result = await guardAsync(() =>
        db
          .deleteFrom('signing_keys')
          .where('retired_at', 'is not', null)
          .where('retired_at', '<', before)
          .executeTakeFirst(),
      );
      return Number(result.numDeletedRows);
    },
  };
}

function rowToKey(r: Selectable<SigningKeysTable>): SigningKeyRecord {
  return {
    kid: r.kid,
    alg: r.alg as SigningKeyRecord['alg'],
    privateJwk: r.private_jwk,
    publicJwk: r.public_jwk,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  };
}

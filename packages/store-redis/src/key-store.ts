import type { KeyStore, SigningKeyRecord } from '@tessera/core';
import type { StoreContext } from './internal/context.ts';

type StoredKey = Omit<SigningKeyRecord, 'retiredAt'>;

/** The key ring in two hashes under `{k}`: immutable key JSON by kid, and retiredAt by kid. */
export function createRedisKeyStore(ctx: StoreContext): KeyStore {
  const { keys } = ctx;
  return {
    async listKeys() {
      const [stored, retired] = await ctx.run((c) =>
        Promise.all([c.hgetall(keys.signingKeys()), c.hgetall(keys.signingKeysRetired())]),
      );
      return Object.entries(stored)
        .map(([kid, json]) => {
          const at = retired[kid];
          return {
            ...(JSON.parse(json) as StoredKey),
            retiredAt: at === undefined ? null : Number(at),
          };
        })
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async addKey(key) {
      const { retiredAt, ...immutable } = key;
      const added = await ctx.run((c) =>
        c.hsetnx(keys.signingKeys(), key.kid, JSON.stringify(immutable)),
      );
      if (added === 0) throw new TypeError('Duplicate kid');
      if (retiredAt !== null) {
        await ctx.run((c) => c.hset(keys.signingKeysRetired(), key.kid, retiredAt));
      }
    },
    async retireKeys(exceptKid, at) {
      await ctx.script(
        'tesseraRetireKeys',
        [keys.signingKeys(), keys.signingKeysRetired()],
        [exceptKid, at],
      );
    },
    async deleteRetired(before) {
      const n = await ctx.script(
        'tesseraDeleteRetiredKeys',
        [keys.signingKeys(), keys.signingKeysRetired()],
        [before],
      );
      return Number(n);
    },
  };
}

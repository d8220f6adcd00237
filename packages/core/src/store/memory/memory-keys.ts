import type { KeyStore, SigningKeyRecord } from '../key-store.ts';

/** The key ring's persistence in a Map. */
export function createMemoryKeys(): KeyStore {
  const keys = new Map<string, SigningKeyRecord>();
  return {
    async listKeys() {
      return [...keys.values()]
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((k) => structuredClone(k));
    },
    async addKey(key) {
      if (keys.has(key.kid)) throw new TypeError('Duplicate kid');
      keys.set(key.kid, structuredClone(key));
    },
    async retireKeys(exceptKid, at) {
      for (const key of keys.values()) {
        if (key.kid !== exceptKid && key.retiredAt === null) key.retiredAt = at;
      }
    },
    async deleteRetired(before) {
      let deleted = 0;
      for (const [kid, key] of keys) {
        if (key.retiredAt !== null && key.retiredAt < before) {
          keys.delete(kid);
          deleted += 1;
        }
      }
      return deleted;
    },
  };
}

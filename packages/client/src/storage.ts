import type { SecureStorage } from './types.ts';

/** Key under which the bearer transport keeps the refresh token. */
export const REFRESH_TOKEN_KEY = 'tessera.refreshToken';

/** In-memory SecureStorage: the bearer default (nothing survives a restart) and for tests. */
export function memoryStorage(): SecureStorage {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => {
      map.set(key, value);
    },
    remove: async (key) => {
      map.delete(key);
    },
  };
}
